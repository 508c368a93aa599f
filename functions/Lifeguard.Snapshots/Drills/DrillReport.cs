using System.Text.Json.Serialization;

namespace Lifeguard.Snapshots.Drills;

/// <param name="CleanedUp">Volumes earlier (crashed) drills left behind, deleted at the start of this run (or, in a dry run, that would be).</param>
/// <param name="CleanupFailed">Leftovers that could not be deleted, and why.</param>
/// <param name="Overdue">Protected volumes without a successful drill for drillMaxAgeDays, after this run.</param>
/// <param name="NewlyOverdue">Of those, the ones alerted by this run (each is alerted once).</param>
/// <param name="Recovered">Volumes alerted before that passed again now (one recovery message each).</param>
public sealed record DrillReport(
    [property: JsonPropertyName("runId")] string RunId,
    [property: JsonPropertyName("dryRun")] bool DryRun,
    [property: JsonPropertyName("drills")] IReadOnlyList<DrillOutcome> Drills,
    [property: JsonPropertyName("cleanedUp")] IReadOnlyList<TargetOutcome> CleanedUp,
    [property: JsonPropertyName("cleanupFailed")] IReadOnlyList<TargetOutcome> CleanupFailed,
    [property: JsonPropertyName("overdue")] IReadOnlyList<string> Overdue,
    [property: JsonPropertyName("newlyOverdue")] IReadOnlyList<string> NewlyOverdue,
    [property: JsonPropertyName("recovered")] IReadOnlyList<string> Recovered);
