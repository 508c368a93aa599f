using System.Text.Json.Serialization;

namespace Lifeguard.Aws.Ssm;

public sealed record SendCommandResponse([property: JsonPropertyName("Command")] SsmCommand Command);
