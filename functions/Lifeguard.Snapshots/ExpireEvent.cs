using System.Text.Json.Serialization;

namespace Lifeguard.Snapshots;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ExpireEvent
{
    [JsonPropertyName("dryRun")] public bool DryRun { get; init; }

    /// <summary>Decide as if it were this time. Local `invoke` only (demos, drills); refused inside Lambda.</summary>
    [JsonPropertyName("asOf")] public DateTimeOffset? AsOf { get; init; }
}
