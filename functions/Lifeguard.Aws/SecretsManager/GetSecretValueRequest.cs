using System.Text.Json.Serialization;

namespace Lifeguard.Aws.SecretsManager;

public sealed record GetSecretValueRequest(
    [property: JsonPropertyName("SecretId")] string SecretId,
    [property: JsonPropertyName("VersionStage")] string? VersionStage = null);
