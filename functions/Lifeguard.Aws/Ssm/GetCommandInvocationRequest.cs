using System.Text.Json.Serialization;

namespace Lifeguard.Aws.Ssm;

public sealed record GetCommandInvocationRequest(
    [property: JsonPropertyName("CommandId")] string CommandId,
    [property: JsonPropertyName("InstanceId")] string InstanceId);
