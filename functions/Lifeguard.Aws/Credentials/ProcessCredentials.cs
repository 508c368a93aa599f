using System.Text.Json.Serialization;

namespace Lifeguard.Aws.Credentials;

/// <summary>What a credential_process prints, and what the container credentials endpoint answers.</summary>
public sealed record ProcessCredentials
{
    [JsonPropertyName("Version")] public int? Version { get; init; }

    [JsonPropertyName("AccessKeyId")] public required string AccessKeyId { get; init; }

    [JsonPropertyName("SecretAccessKey")] public required string SecretAccessKey { get; init; }

    [JsonPropertyName("SessionToken")] public string? SessionToken { get; init; }

    /// <summary>The container endpoint calls the session token "Token".</summary>
    [JsonPropertyName("Token")] public string? Token { get; init; }

    [JsonPropertyName("Expiration")] public DateTimeOffset? Expiration { get; init; }

    public AwsCredentials ToCredentials() => new(AccessKeyId, SecretAccessKey, SessionToken ?? Token, Expiration);
}
