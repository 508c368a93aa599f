using System.Text.Json.Serialization;

namespace Lifeguard.Snapshots;

/// <param name="Alerted">`check`: the volumes and tag values told about in this run (newly unprotected, newly invalid).</param>
/// <param name="Recovered">`check`: the volumes told covered again in this run.</param>
/// <param name="AlertFailed">`check`: why the alert could not be sent; then no state was written and the next run tells it again.</param>
/// <param name="StateFailed">`check`: state tags that could not be written or removed (the next run may repeat an alert).</param>
public sealed record CoverageReport(
    [property: JsonPropertyName("action")] string Action,
    [property: JsonPropertyName("asOf")] DateTimeOffset AsOf,
    [property: JsonPropertyName("dryRun")] bool DryRun,
    [property: JsonPropertyName("protectedVolumes")] int ProtectedVolumes,
    [property: JsonPropertyName("unprotectedVolumes")] int UnprotectedVolumes,
    [property: JsonPropertyName("volumes")] IReadOnlyList<VolumeCoverageReport> Volumes,
    [property: JsonPropertyName("invalidTags")] IReadOnlyList<InvalidTagReport> InvalidTags)
{
    [JsonPropertyName("alerted")] public IReadOnlyList<string> Alerted { get; init; } = [];

    [JsonPropertyName("recovered")] public IReadOnlyList<string> Recovered { get; init; } = [];

    [JsonPropertyName("alertFailed")] public string? AlertFailed { get; init; }

    [JsonPropertyName("stateFailed")] public IReadOnlyList<string> StateFailed { get; init; } = [];
}
