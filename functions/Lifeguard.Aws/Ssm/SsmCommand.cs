using System.Text.Json.Serialization;

namespace Lifeguard.Aws.Ssm;

public sealed record SsmCommand(
    [property: JsonPropertyName("CommandId")] string CommandId,
    [property: JsonPropertyName("Status")] string? Status);
