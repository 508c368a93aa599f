using System.Text.Json.Serialization;

namespace Lifeguard.Cdk.Configuration;

/// <summary>One grandfather-father-son tier: its name, when it fires (EventBridge cron/rate), how long it keeps.</summary>
public sealed record SnapshotTierConfig(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("schedule")] string Schedule,
    [property: JsonPropertyName("retention")] string Retention)
{
    /// <summary>
    /// Count-based retention as DLM offers it: the newest N snapshots of this tier of each volume stay, whatever their
    /// age; a snapshot goes only when both its age and this count allow it. Null: by age alone.
    /// </summary>
    [JsonPropertyName("keep")] public int? Keep { get; init; }

    /// <summary>Copy each completed snapshot of this tier to another region, kept there for its own retention.</summary>
    [JsonPropertyName("copyTo")] public Lifeguard.Snapshots.Domain.CopyTarget? CopyTo { get; init; }

    /// <summary>`compliance` or `governance`: each snapshot of this tier is locked (EBS snapshot lock) until it expires.</summary>
    [JsonPropertyName("lock")] public string? Lock { get; init; }

    /// <summary>
    /// The longest time between two firings, for the coverage check ("1 day", "36 hours", "P31D"). Null: computed from
    /// <see cref="Schedule"/>, which a cron using L, W or # cannot be.
    /// </summary>
    [JsonPropertyName("interval")] public string? Interval { get; init; }

    /// <summary>The interval the coverage check judges this tier by; a <see cref="FormatException"/> names what is wrong.</summary>
    public TimeSpan ResolveInterval(string field)
    {
        if (Interval is null)
        {
            return ScheduleInterval.Of(Schedule);
        }

        var interval = Lifeguard.Snapshots.Domain.Retention.Parse(Interval, field);
        return interval.Years == 0 && interval.Months == 0
            ? TimeSpan.FromDays(interval.Days) + TimeSpan.FromHours(interval.Hours) + TimeSpan.FromMinutes(interval.Minutes)
            : throw new FormatException($"{field} \"{Interval}\": months and years have no fixed length; give days, such as \"31 days\".");
    }
}
