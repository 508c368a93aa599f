using System.Globalization;

namespace Lifeguard.Promotion.Domain;

/// <summary>
/// What the readiness check and the watcher remember between runs, in the TXT record beside the master record: when
/// each replica was first seen not receiving from the master (so a promotion knows how stale it is, even after the
/// master's death has made every replica's IO thread look the same), the problems last reported (so each is alerted
/// once, and its clearing once), and the watcher's last alert.
/// </summary>
public sealed record ReadinessMemory(IReadOnlyDictionary<string, DateTimeOffset> StoppedSince, IReadOnlyList<string> Problems, string? Alerted = null)
{
    /// <summary>When it was written: shown to the operator, and it keeps each version of the record distinct.</summary>
    public DateTimeOffset? Written { get; init; }

    public static ReadinessMemory Empty { get; } = new(new Dictionary<string, DateTimeOffset>(), []);

    /// <summary>
    /// The memory after seeing which replicas receive: a replica keeps its first "stopped" time until it is seen
    /// receiving again (one that could not be read this time keeps what was known).
    /// </summary>
    public ReadinessMemory Observe(IReadOnlyList<(string Replica, bool Receiving)> replicas, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(replicas);
        var stopped = StoppedSince.Where(s => replicas.All(r => r.Replica != s.Key)).ToDictionary(StringComparer.Ordinal);
        foreach (var (replica, receiving) in replicas)
        {
            if (!receiving)
            {
                stopped[replica] = StoppedSince.TryGetValue(replica, out var since) ? since : now;
            }
        }

        return this with { StoppedSince = stopped };
    }

    /// <summary>The same content, whenever it was written.</summary>
    public bool SameAs(ReadinessMemory other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return (this with { Written = null }).ToValues().SequenceEqual((other with { Written = null }).ToValues(), StringComparer.Ordinal);
    }

    /// <summary>TXT strings of at most 255 characters each.</summary>
    public IReadOnlyList<string> ToValues()
    {
        var entries = new List<string> { "lifeguard readiness" };
        if (Written is { } written)
        {
            entries.Add($"written {written.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)}");
        }

        entries.AddRange(StoppedSince.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"stopped {s.Key} {Stamp(s.Value)}"));
        entries.AddRange(Problems.Order(StringComparer.Ordinal).Select(p => $"problem {p}"));
        if (Alerted is not null)
        {
            entries.Add($"alerted {Alerted}");
        }

        return [.. entries.Select(e => $"\"{(e.Length > 250 ? e[..250] : e)}\"")];
    }

    /// <summary>The record's values back; empty for a record that is not one of ours.</summary>
    public static ReadinessMemory Parse(IReadOnlyList<string>? values)
    {
        var entries = (values ?? []).Select(v => v.Trim('"')).ToList();
        if (!entries.Contains("lifeguard readiness"))
        {
            return Empty;
        }

        var stopped = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var problems = new List<string>();
        string? alerted = null;
        DateTimeOffset? written = null;
        foreach (var entry in entries.Select(e => e.Split(' ', 2)).Where(p => p.Length == 2))
        {
            switch (entry[0])
            {
                case "stopped" when entry[1].Split(' ') is [var replica, var at] && DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var since):
                    stopped[replica] = since;
                    break;
                case "problem":
                    problems.Add(entry[1]);
                    break;
                case "alerted":
                    alerted = entry[1];
                    break;
                case "written" when DateTimeOffset.TryParse(entry[1], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at):
                    written = at;
                    break;
            }
        }

        return new ReadinessMemory(stopped, problems, alerted) { Written = written };
    }

    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
