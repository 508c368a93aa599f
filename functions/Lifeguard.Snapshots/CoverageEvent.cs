using System.Text.Json.Serialization;

namespace Lifeguard.Snapshots;

/// <summary>
/// The input of `coverage`: `{"action":"status"}` (by hand: report only) or `{"action":"check"}` (the hourly rule:
/// report, alert what changed, remember it).
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CoverageEvent
{
    public const string Status = "status";
    public const string Check = "check";

    [JsonPropertyName("action")] public required string Action { get; init; }

    /// <summary>Judge as if it were this time. Local `invoke` only (demos); refused inside Lambda.</summary>
    [JsonPropertyName("asOf")] public DateTimeOffset? AsOf { get; init; }

    /// <summary>`check` only: decide and report what it would tell, but send and write nothing.</summary>
    [JsonPropertyName("dryRun")] public bool DryRun { get; init; }
}
