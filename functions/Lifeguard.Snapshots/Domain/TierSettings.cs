using System.Text.Json.Serialization;

namespace Lifeguard.Snapshots.Domain;

/// <summary>
/// One scheduled tier as the functions know it: the stack writes every tier into LIFEGUARD_TIERS (a JSON array of
/// these), from the deployment's configuration.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record TierSettings
{
    [JsonPropertyName("name")] public required string Name { get; init; }

    /// <summary>How long the tier keeps a snapshot ("7 days", "1 month", ISO 8601).</summary>
    [JsonPropertyName("retention")] public required string Retention { get; init; }

    /// <summary>Also keep the newest N of the tier per volume, whatever their age.</summary>
    [JsonPropertyName("keep")] public int? Keep { get; init; }

    /// <summary>Copy each completed snapshot of the tier to a second region.</summary>
    [JsonPropertyName("copyTo")] public CopyTarget? CopyTo { get; init; }

    /// <summary>
    /// The longest time between two firings of the tier, ISO 8601 in days, hours and minutes ("PT3H", "P1D", "P31D"): the
    /// coverage check calls a volume unprotected when its newest snapshot is older than twice its shortest tier's.
    /// </summary>
    [JsonPropertyName("interval")] public string? Interval { get; init; }

    /// <summary>`compliance` or `governance`: lock each snapshot of the tier with EBS snapshot lock until it expires.</summary>
    [JsonPropertyName("lock")] public string? Lock { get; init; }
}
