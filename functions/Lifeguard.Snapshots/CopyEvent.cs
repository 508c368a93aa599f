using System.Text.Json.Serialization;

namespace Lifeguard.Snapshots;

/// <summary>The input of `copy`: `{}` from its hourly rule, or a manual invoke.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CopyEvent
{
    [JsonPropertyName("dryRun")] public bool DryRun { get; init; }
}
