using System.Text.Json.Serialization;

namespace Lifeguard.Cdk.Configuration;

/// <summary>One grandfather-father-son tier: its name, when it fires (EventBridge cron/rate), how long it keeps.</summary>
public sealed record SnapshotTierConfig(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("schedule")] string Schedule,
    [property: JsonPropertyName("retention")] string Retention);
