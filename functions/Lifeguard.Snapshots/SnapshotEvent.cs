using System.Text.Json.Serialization;

namespace Lifeguard.Snapshots;

/// <summary>
/// The input of `snapshot`: what each tier's rule sends (`{"tier":"daily","retention":"7 days","time":"..."}`, the time
/// filled in by the rule's input transformer), or a manual invoke naming volumes or instances.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record SnapshotEvent
{
    [JsonPropertyName("tier")] public required string Tier { get; init; }

    /// <summary>"7 days", "24 hours", "1 month", or ISO 8601 ("P7D").</summary>
    [JsonPropertyName("retention")] public required string Retention { get; init; }

    /// <summary>When the schedule fired; a manual invoke leaves it out and gets the current minute.</summary>
    [JsonPropertyName("time")] public DateTimeOffset? Time { get; init; }

    /// <summary>Snapshot these volumes instead of the tagged ones.</summary>
    [JsonPropertyName("volumeIds")] public IReadOnlyList<string> VolumeIds { get; init => field = value ?? []; } = [];

    /// <summary>Snapshot all volumes of these instances together (crash-consistent), instead of the tagged targets.</summary>
    [JsonPropertyName("instanceIds")] public IReadOnlyList<string> InstanceIds { get; init => field = value ?? []; } = [];

    [JsonPropertyName("dryRun")] public bool DryRun { get; init; }

    /// <summary>
    /// `compliance` or `governance`: lock each snapshot with EBS snapshot lock until it expires (the tier's `lock`, passed
    /// by its rule). A snapshot that could not be locked says so in its `lifeguard:lock` tag and in an alert.
    /// </summary>
    [JsonPropertyName("lock")] public string? Lock { get; init; }

    /// <summary>
    /// Set by a run that could not reach every target before its deadline on the event it hands on: which follow-up of
    /// the slot this is (the scheduled run is 0). The follow-up names the targets left in <see cref="VolumeIds"/> and
    /// <see cref="InstanceIds"/> and keeps <see cref="Time"/>, so it fills the same slot.
    /// </summary>
    [JsonPropertyName("followUp")] public int FollowUp { get; init; }
}
