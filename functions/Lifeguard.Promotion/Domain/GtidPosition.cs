using System.Globalization;

namespace Lifeguard.Promotion.Domain;

/// <summary>
/// A MariaDB GTID position (gtid_binlog_pos, gtid_slave_pos, Gtid_IO_Pos): per replication domain, the last
/// transaction's server id and sequence number, "0-1-50,1-3-7". Within a domain sequence numbers only grow (with
/// gtid_strict_mode), so positions compare domain by domain.
/// </summary>
public sealed class GtidPosition
{
    private readonly SortedDictionary<long, (long Server, long Sequence)> _domains;

    private GtidPosition(SortedDictionary<long, (long Server, long Sequence)> domains) => _domains = domains;

    public static GtidPosition Empty { get; } = new([]);

    /// <summary>Parses the server's text; throws naming the part that is not domain-server-sequence.</summary>
    public static GtidPosition Parse(string? text)
    {
        var domains = new SortedDictionary<long, (long, long)>();
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = part.Split('-');
            if (fields.Length != 3 || !long.TryParse(fields[0], CultureInfo.InvariantCulture, out var domain) ||
                !long.TryParse(fields[1], CultureInfo.InvariantCulture, out var server) || !long.TryParse(fields[2], CultureInfo.InvariantCulture, out var sequence))
            {
                throw new FormatException($"'{part}' in the GTID position '{text}' is not domain-server-sequence.");
            }

            domains[domain] = (server, sequence);
        }

        return new GtidPosition(domains);
    }

    public bool IsEmpty => _domains.Count == 0;

    /// <summary>The sequence number reached in <paramref name="domain"/> (0 when none).</summary>
    public long Sequence(long domain) => _domains.TryGetValue(domain, out var last) ? last.Sequence : 0;

    /// <summary>True when this has every transaction <paramref name="other"/> has, in every domain.</summary>
    public bool Covers(GtidPosition other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return other._domains.All(d => Sequence(d.Key) >= d.Value.Sequence);
    }

    /// <summary>How many transactions <paramref name="other"/> has that this lacks, summed over the domains.</summary>
    public long Behind(GtidPosition other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return other._domains.Sum(d => Math.Max(0, d.Value.Sequence - Sequence(d.Key)));
    }

    /// <summary>The domains in which this is ahead of <paramref name="other"/>, as "domain-server-sequence" (for reports).</summary>
    public IReadOnlyList<string> AheadOf(GtidPosition other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return [.. _domains.Where(d => d.Value.Sequence > other.Sequence(d.Key)).Select(d => string.Create(CultureInfo.InvariantCulture, $"{d.Key}-{d.Value.Server}-{d.Value.Sequence}"))];
    }

    public override string ToString() => string.Join(",", _domains.Select(d => string.Create(CultureInfo.InvariantCulture, $"{d.Key}-{d.Value.Server}-{d.Value.Sequence}")));
}
