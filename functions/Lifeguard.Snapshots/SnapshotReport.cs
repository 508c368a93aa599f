using System.Text.Json.Serialization;

namespace Lifeguard.Snapshots;

/// <param name="Targets">How many volumes and instances the run found to snapshot or skip.</param>
/// <param name="FollowUp">
/// When the deadline came before every target was reached: the event that continues the slot with the rest, handed to
/// a follow-up invocation (<paramref name="HandedOff"/>), or to be invoked by hand where there is none (a local run).
/// </param>
/// <param name="Degraded">
/// Targets snapshotted crash-consistent although a freeze was asked for (also listed in <paramref name="Created"/>), and why.
/// </param>
public sealed record SnapshotReport(
    [property: JsonPropertyName("tier")] string Tier,
    [property: JsonPropertyName("slot")] string Slot,
    [property: JsonPropertyName("expiresAt")] string ExpiresAt,
    [property: JsonPropertyName("dryRun")] bool DryRun,
    [property: JsonPropertyName("created")] IReadOnlyList<TargetOutcome> Created,
    [property: JsonPropertyName("skipped")] IReadOnlyList<TargetOutcome> Skipped,
    [property: JsonPropertyName("failed")] IReadOnlyList<TargetOutcome> Failed,
    [property: JsonPropertyName("degraded")] IReadOnlyList<TargetOutcome> Degraded,
    [property: JsonPropertyName("targets")] int Targets = 0,
    [property: JsonPropertyName("followUp")] SnapshotEvent? FollowUp = null,
    [property: JsonPropertyName("handedOff")] bool HandedOff = false);
