using System.Text.Json.Serialization;

namespace Lifeguard.Snapshots;

/// <param name="Copied">Copies started (or, in a dry run, that would be): the original's id, the copy's, and where.</param>
/// <param name="Waiting">Snapshots still to copy that a later run takes (a region's limit on copies in flight, the deadline).</param>
/// <param name="Overdue">Snapshots completed more than a day ago that still have no copy.</param>
public sealed record CopyReport(
    [property: JsonPropertyName("dryRun")] bool DryRun,
    [property: JsonPropertyName("copied")] IReadOnlyList<CopyOutcome> Copied,
    [property: JsonPropertyName("failed")] IReadOnlyList<TargetOutcome> Failed,
    [property: JsonPropertyName("waiting")] int Waiting,
    [property: JsonPropertyName("overdue")] int Overdue);

public sealed record CopyOutcome(
    [property: JsonPropertyName("snapshotId")] string SnapshotId,
    [property: JsonPropertyName("region")] string Region,
    [property: JsonPropertyName("copyId")] string? CopyId,
    [property: JsonPropertyName("expiresAt")] string ExpiresAt);
