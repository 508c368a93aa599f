using System.Globalization;

namespace Lifeguard.Promotion.Domain;

/// <summary>
/// A MySQL GTID set (gtid_executed, Retrieved_Gtid_Set): per source server UUID, the transaction numbers as intervals,
/// "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5:11-18,…". Enough arithmetic for errant transactions: what one set has
/// that others lack (as GTID_SUBTRACT would say), without asking a server.
/// </summary>
public sealed class GtidSet
{
    private readonly SortedDictionary<string, List<(long From, long To)>> _sources;

    private GtidSet(SortedDictionary<string, List<(long From, long To)>> sources) => _sources = sources;

    public static GtidSet Parse(string? text)
    {
        var sources = new SortedDictionary<string, List<(long, long)>>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in (text ?? "").ReplaceLineEndings("").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = part.Split(':');
            if (fields.Length < 2)
            {
                throw new FormatException($"'{part}' in the GTID set '{text}' is not uuid:interval[:interval...].");
            }

            var intervals = sources.TryGetValue(fields[0], out var known) ? known : sources[fields[0]] = [];
            foreach (var interval in fields.Skip(1))
            {
                var bounds = interval.Split('-');
                if (bounds.Length is not (1 or 2) || !long.TryParse(bounds[0], CultureInfo.InvariantCulture, out var from) || !long.TryParse(bounds[^1], CultureInfo.InvariantCulture, out var to) || to < from)
                {
                    throw new FormatException($"'{interval}' in the GTID set '{text}' is not a number or a range.");
                }

                intervals.Add((from, to));
            }
        }

        return new GtidSet(sources);
    }

    /// <summary>The transactions of this set that none of <paramref name="others"/> has, as "uuid:n-m" (empty when there are none).</summary>
    public IReadOnlyList<string> Missing(IEnumerable<GtidSet> others)
    {
        ArgumentNullException.ThrowIfNull(others);
        var union = others.ToList();
        var missing = new List<string>();
        foreach (var (uuid, intervals) in _sources)
        {
            foreach (var (from, to) in intervals)
            {
                var covered = union.SelectMany(o => o._sources.TryGetValue(uuid, out var theirs) ? theirs : []).OrderBy(i => i.From).ToList();
                var next = from;
                foreach (var (cf, ct) in covered)
                {
                    if (ct < next || cf > to)
                    {
                        continue;
                    }

                    if (cf > next)
                    {
                        missing.Add(Range(uuid, next, cf - 1));
                    }

                    next = Math.Max(next, ct + 1);
                }

                if (next <= to)
                {
                    missing.Add(Range(uuid, next, to));
                }
            }
        }

        return missing;
    }

    private static string Range(string uuid, long from, long to) =>
        from == to ? string.Create(CultureInfo.InvariantCulture, $"{uuid}:{from}") : string.Create(CultureInfo.InvariantCulture, $"{uuid}:{from}-{to}");
}
