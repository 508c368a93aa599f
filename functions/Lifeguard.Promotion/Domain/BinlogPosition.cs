using System.Globalization;

namespace Lifeguard.Promotion.Domain;

/// <summary>A place in the master's binary log: file (binlog.000012) and byte offset. Ordered by file number, then offset.</summary>
public readonly record struct BinlogPosition(string File, long Offset) : IComparable<BinlogPosition>
{
    public int CompareTo(BinlogPosition other)
    {
        // default (no position: not replicating) comes before every position.
        if (File is null || other.File is null)
        {
            return (File is null ? 0 : 1) - (other.File is null ? 0 : 1);
        }

        var byFile = (Sequence(File), Sequence(other.File)) switch
        {
            ({ } a, { } b) when string.Equals(Base(File), Base(other.File), StringComparison.Ordinal) => a.CompareTo(b),
            _ => string.CompareOrdinal(File, other.File),
        };
        return byFile != 0 ? byFile : Offset.CompareTo(other.Offset);
    }

    public static bool operator <(BinlogPosition left, BinlogPosition right) => left.CompareTo(right) < 0;

    public static bool operator >(BinlogPosition left, BinlogPosition right) => left.CompareTo(right) > 0;

    public static bool operator <=(BinlogPosition left, BinlogPosition right) => left.CompareTo(right) <= 0;

    public static bool operator >=(BinlogPosition left, BinlogPosition right) => left.CompareTo(right) >= 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{File}:{Offset}");

    private static string Base(string file) => file.LastIndexOf('.') is var dot and > 0 ? file[..dot] : file;

    private static long? Sequence(string file) =>
        file.LastIndexOf('.') is var dot and > 0 && long.TryParse(file.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
}
