using System.Text.Json.Serialization;
using Lifeguard.Snapshots.Domain;

namespace Lifeguard.Snapshots;

/// <param name="Remaining">Due snapshots not reached before the deadline; the next run deletes them.</param>
public sealed record ExpireReport(
    [property: JsonPropertyName("asOf")] DateTimeOffset AsOf,
    [property: JsonPropertyName("dryRun")] bool DryRun,
    [property: JsonPropertyName("deleted")] IReadOnlyList<string> Deleted,
    [property: JsonPropertyName("skipped")] IReadOnlyList<ExpirySkip> Skipped,
    [property: JsonPropertyName("problems")] IReadOnlyList<SnapshotProblem> Problems,
    [property: JsonPropertyName("failed")] IReadOnlyList<TargetOutcome> Failed,
    [property: JsonPropertyName("remaining")] IReadOnlyList<string> Remaining);
