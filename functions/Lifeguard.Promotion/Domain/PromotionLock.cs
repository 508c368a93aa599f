using System.Globalization;

namespace Lifeguard.Promotion.Domain;

/// <summary>
/// The promotion lock and memory of the last promotion: a TXT record beside the master record, one "key value"
/// string per entry. "running" while a promotion holds it (until <see cref="Expires"/>, so a crashed run does not
/// block the next forever), "done" after a promotion (the anti-flap window runs from <see cref="Since"/>).
/// </summary>
/// <param name="Quarantined">
/// Old masters of past promotions: not replicas, not candidates, until rebuilt (found replicating from the current
/// master with nothing of their own), rejoined by a switchover, or released by hand.
/// </param>
public sealed record PromotionLock(string State, string Owner, DateTimeOffset Since, DateTimeOffset? Expires = null, string? Candidate = null, string? OldMaster = null,
    IReadOnlyList<string>? Quarantined = null)
{
    public const string Running = "running";
    public const string Done = "done";

    /// <summary>After a planned switchover: remembered like "done", but it starts no anti-flap window (a failover right after maintenance must not wait an hour).</summary>
    public const string Switched = "switched";

    public IReadOnlyList<string> ToValues()
    {
        var entries = new List<string> { $"state {State}", $"owner {Owner}", $"since {Stamp(Since)}" };
        if (Expires is { } expires)
        {
            entries.Add($"expires {Stamp(expires)}");
        }

        if (Candidate is not null)
        {
            entries.Add($"candidate {Candidate}");
        }

        if (OldMaster is not null)
        {
            entries.Add($"old-master {OldMaster}");
        }

        if (Quarantined is { Count: > 0 } quarantined)
        {
            entries.Add($"quarantined {string.Join(",", quarantined)}");
        }

        return [.. entries.Select(e => $"\"{e}\"")];
    }

    /// <summary>The record's values back; null for a record that is not one of ours (it is then never overwritten).</summary>
    public static PromotionLock? Parse(IReadOnlyList<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var entries = values.Select(v => v.Trim('"').Split(' ', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        if (!entries.TryGetValue("state", out var state) || state is not (Running or Done or Switched) || !entries.TryGetValue("since", out var since) || !TryStamp(since, out var sinceAt))
        {
            return null;
        }

        DateTimeOffset? expires = entries.TryGetValue("expires", out var e) && TryStamp(e, out var at) ? at : null;
        return new PromotionLock(state, entries.GetValueOrDefault("owner", "?"), sinceAt, expires, entries.GetValueOrDefault("candidate"), entries.GetValueOrDefault("old-master"),
            entries.TryGetValue("quarantined", out var q) ? q.Split(',', StringSplitOptions.RemoveEmptyEntries) : null);
    }

    /// <summary>Whether a new promotion may take the lock now, and if not, why not.</summary>
    public static string? Refusal(PromotionLock? current, DateTimeOffset now, TimeSpan antiFlap, ForceSet force)
    {
        return current switch
        {
            null => null,
            { State: Running, Expires: { } expires } when expires > now =>
                $"another promotion ({current.Owner}, since {Stamp(current.Since)}) holds the lock until {Stamp(expires)}",
            { State: Done } when now - current.Since < antiFlap && !force.Overrides(Guards.AntiFlap) =>
                $"a promotion (to {current.Candidate}) finished at {Stamp(current.Since)}, inside the anti-flap window of {antiFlap.TotalMinutes:0} minutes. {Guards.HowToForce(Guards.AntiFlap)}",
            _ => null,
        };
    }

    /// <summary>The quarantine after a promotion away from <paramref name="oldMaster"/>: the old list, it added.</summary>
    public IReadOnlyList<string> QuarantineWith(string oldMaster) => [.. (Quarantined ?? []).Append(oldMaster).Distinct(StringComparer.Ordinal)];

    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static bool TryStamp(string text, out DateTimeOffset at) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out at);
}
