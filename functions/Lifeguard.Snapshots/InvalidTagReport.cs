using System.Text.Json.Serialization;

namespace Lifeguard.Snapshots;

/// <param name="Unknown">The words of the value that name no configured tier.</param>
/// <param name="Reported">Whether a check has already alerted this value on this resource.</param>
public sealed record InvalidTagReport(
    [property: JsonPropertyName("resourceId")] string ResourceId,
    [property: JsonPropertyName("value")] string Value,
    [property: JsonPropertyName("unknown")] IReadOnlyList<string> Unknown,
    [property: JsonPropertyName("reported")] bool Reported);
