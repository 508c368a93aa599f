using System.Text.Json.Serialization;

namespace Lifeguard.Snapshots.Drills;

/// <summary>One protected volume's drill.</summary>
/// <param name="Result">
/// `passed` (a usable volume, validated when a drill instance is configured), `failed`, `skipped` (nothing to restore,
/// or no validation possible), `dry run`, or `not reached` (the deadline came first; the next run takes it first).
/// </param>
/// <param name="SecondsToAvailable">From the start of this volume's drill until its restored copy was `available`.</param>
/// <param name="SecondsToValidated">From the start until the validation command passed or failed.</param>
/// <param name="CleanupProblem">Why the restored volume could not be deleted now (the next run deletes it); null when it was.</param>
public sealed record DrillOutcome(
    [property: JsonPropertyName("volumeId")] string VolumeId,
    [property: JsonPropertyName("result")] string Result,
    [property: JsonPropertyName("detail")] string? Detail = null)
{
    public const string Passed = "passed";
    public const string Failed = "failed";
    public const string Skipped = "skipped";
    public const string DryRun = "dry run";
    public const string NotReached = "not reached";

    [JsonPropertyName("snapshotId")] public string? SnapshotId { get; init; }

    [JsonPropertyName("restoredVolumeId")] public string? RestoredVolumeId { get; init; }

    [JsonPropertyName("availabilityZone")] public string? AvailabilityZone { get; init; }

    [JsonPropertyName("secondsToAvailable")] public double? SecondsToAvailable { get; init; }

    [JsonPropertyName("secondsToValidated")] public double? SecondsToValidated { get; init; }

    [JsonPropertyName("validation")] public DrillValidation? Validation { get; init; }

    [JsonPropertyName("cleanupProblem")] public string? CleanupProblem { get; init; }
}
