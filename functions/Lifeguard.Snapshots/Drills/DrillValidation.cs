using System.Text.Json.Serialization;

namespace Lifeguard.Snapshots.Drills;

/// <param name="Status">`passed`, `failed` or `skipped`.</param>
/// <param name="Reason">Why it failed or was skipped.</param>
/// <param name="OutputTail">The last lines the validation command printed.</param>
public sealed record DrillValidation(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("reason")] string? Reason = null,
    [property: JsonPropertyName("outputTail")] string? OutputTail = null);
