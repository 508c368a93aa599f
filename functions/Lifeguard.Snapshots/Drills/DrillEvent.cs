using System.Text.Json.Serialization;

namespace Lifeguard.Snapshots.Drills;

/// <summary>
/// The input of `drill`: the weekly rule sends `{}` (every protected volume, or the configured sample); a manual invoke
/// may name volumes, or ask for a dry run that creates nothing.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record DrillEvent
{
    /// <summary>Drill these volumes instead of the protected ones, in this order.</summary>
    [JsonPropertyName("volumeIds")] public IReadOnlyList<string> VolumeIds { get; init => field = value ?? []; } = [];

    /// <summary>At most this many volumes in this run, the longest undrilled first (overrides drillSample).</summary>
    [JsonPropertyName("sample")] public int? Sample { get; init; }

    [JsonPropertyName("dryRun")] public bool DryRun { get; init; }
}
