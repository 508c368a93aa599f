using System.Text.Json.Serialization;

namespace Lifeguard.Aws.SecretsManager;

/// <summary>A secret's value; ToString never shows it.</summary>
public sealed record SecretValue
{
    [JsonPropertyName("ARN")] public string? Arn { get; init; }

    [JsonPropertyName("Name")] public string? Name { get; init; }

    [JsonPropertyName("VersionId")] public string? VersionId { get; init; }

    [JsonPropertyName("SecretString")] public string? SecretString { get; init; }

    /// <summary>Base64, as the API sends it.</summary>
    [JsonPropertyName("SecretBinary")] public string? SecretBinary { get; init; }

    public override string ToString() => $"SecretValue {{ Name = {Name}, VersionId = {VersionId} }}";
}
