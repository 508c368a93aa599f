using System.Text.Json.Serialization;

namespace Lifeguard.Aws.Ssm;

/// <summary>Runs a document (AWS-RunShellScript: `commands`) on instances. No client token: look before repeating.</summary>
public sealed record SendCommandRequest(
    [property: JsonPropertyName("DocumentName")] string DocumentName,
    [property: JsonPropertyName("InstanceIds")] IReadOnlyList<string> InstanceIds,
    [property: JsonPropertyName("Parameters")] IReadOnlyDictionary<string, IReadOnlyList<string>> Parameters)
{
    [JsonPropertyName("TimeoutSeconds")] public int? TimeoutSeconds { get; init; }

    [JsonPropertyName("Comment")] public string? Comment { get; init; }
}
