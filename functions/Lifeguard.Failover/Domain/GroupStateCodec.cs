using System.Globalization;

namespace Lifeguard.Failover.Domain;

/// <summary>
/// The state as short key/value entries that fit where it is kept: the strings of a TXT record beside the DNS record,
/// or tags on the Elastic IP (values under 256 characters). <c>health:lb1</c> = <c>up 0 3 1763780400</c> (up or down,
/// failures, successes, changed at in Unix seconds, and, while probes count towards a change, when the last was made:
/// <c>up 1 0 1763780400 1763780410</c>); <c>last-switch</c> and <c>all-down-since</c> in Unix seconds; <c>gen</c> the
/// count of writes; <c>intent</c> = <c>lb2 1763780400</c> while a switch is under way; <c>standby-down</c> = <c>lb2,lb3</c>.
/// An entry that does not parse is ignored: the target then starts again as unknown, which needs the full count of
/// failures to go down, so a damaged state can delay a switch but never cause one.
/// </summary>
public static class GroupStateCodec
{
    public const string LastSwitchKey = "last-switch";
    public const string AllDownSinceKey = "all-down-since";
    public const string HealthPrefix = "health:";
    public const string GenerationKey = "gen";
    public const string IntentKey = "intent";
    public const string StandbyDownKey = "standby-down";
    public const string WriterKey = "writer";
    public const string UnconfirmedSinceKey = "unconfirmed-since";

    public static IReadOnlyDictionary<string, string> Encode(GroupState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var entries = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (target, health) in state.Targets)
        {
            entries[HealthPrefix + target] = string.Create(CultureInfo.InvariantCulture,
                $"{(health.Up ? "up" : "down")} {health.Failures} {health.Successes} {health.ChangedAt.ToUnixTimeSeconds()}")
                + (health.Seen is { } seen ? " " + Seconds(seen) : string.Empty);
        }

        if (state.LastSwitch is { } last)
        {
            entries[LastSwitchKey] = Seconds(last);
        }

        if (state.AllDownSince is { } since)
        {
            entries[AllDownSinceKey] = Seconds(since);
        }

        if (state.Generation > 0)
        {
            entries[GenerationKey] = state.Generation.ToString(CultureInfo.InvariantCulture);
        }

        if (state.Intent is { } intent)
        {
            entries[IntentKey] = $"{intent.Target} {Seconds(intent.At)}";
        }

        if (state.Writer is { } writer)
        {
            entries[WriterKey] = writer;
        }

        if (state.UnconfirmedSince is { } unconfirmed)
        {
            entries[UnconfirmedSinceKey] = Seconds(unconfirmed);
        }

        if (state.StandbyDown.Count > 0)
        {
            entries[StandbyDownKey] = string.Join(',', state.StandbyDown.Order(StringComparer.Ordinal));
        }

        return entries;
    }

    public static GroupState Decode(IReadOnlyDictionary<string, string> entries, string active, IEnumerable<string> targets, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(targets);
        var health = targets.ToDictionary(
            t => t,
            t => entries.TryGetValue(HealthPrefix + t, out var text) && ParseHealth(text) is { } parsed ? parsed : TargetHealth.Unknown(now),
            StringComparer.Ordinal);
        return new GroupState(active, health, Time(entries, LastSwitchKey))
        {
            AllDownSince = Time(entries, AllDownSinceKey),
            Generation = entries.TryGetValue(GenerationKey, out var generation) && long.TryParse(generation, NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : 0,
            Intent = entries.TryGetValue(IntentKey, out var intent) && intent.Split(' ') is [var target, var at] && health.ContainsKey(target) && ParseSeconds(at) is { } since
                ? new SwitchIntent(target, since)
                : null,
            Writer = entries.GetValueOrDefault(WriterKey),
            UnconfirmedSince = Time(entries, UnconfirmedSinceKey),
            StandbyDown = new SortedSet<string>(
                (entries.TryGetValue(StandbyDownKey, out var down) ? down.Split(',') : []).Where(health.ContainsKey), StringComparer.Ordinal),
        };
    }

    /// <summary>Whether two encodings say the same, so an unchanged state is not written back.</summary>
    public static bool Same(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return a.Count == b.Count && a.All(e => b.TryGetValue(e.Key, out var value) && value == e.Value);
    }

    private static TargetHealth? ParseHealth(string text)
    {
        var parts = text.Split(' ');
        // Without the fifth field (a state written before it existed) in-progress counts have no age: they count as seen
        // when they were last changed, so old ones start again.
        return parts.Length is 4 or 5
            && parts[0] is "up" or "down"
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var failures)
            && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var successes)
            && ParseSeconds(parts[3]) is { } changed
            && (parts.Length == 4 || ParseSeconds(parts[4]) is not null)
            ? WithSeen(new TargetHealth(parts[0] == "up", failures, successes, changed), parts.Length == 5 ? ParseSeconds(parts[4]) : changed)
            : null;
    }

    private static TargetHealth WithSeen(TargetHealth health, DateTimeOffset? seen) => health with { Seen = health.Partial ? seen : null };

    private static DateTimeOffset? Time(IReadOnlyDictionary<string, string> entries, string key) =>
        entries.TryGetValue(key, out var text) ? ParseSeconds(text) : null;

    private static DateTimeOffset? ParseSeconds(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds is > 0 and < 253402300800
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    private static string Seconds(DateTimeOffset time) => time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
}
