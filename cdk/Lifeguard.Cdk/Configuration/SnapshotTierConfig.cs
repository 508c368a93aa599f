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
}
