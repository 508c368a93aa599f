using System.Text.Json.Serialization;

namespace Lifeguard.Snapshots.Domain;

/// <summary>Where a tier's snapshots are copied (DLM's cross-region copy), how long the copies stay, and their KMS key.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CopyTarget
{
    [JsonPropertyName("region")] public required string Region { get; init; }

    /// <summary>The copies' own retention, counted from the original's start time.</summary>
    [JsonPropertyName("retention")] public required string Retention { get; init; }

    /// <summary>Encrypt the copies with this key (id, alias or ARN in the destination region); none: as the original.</summary>
    [JsonPropertyName("kmsKeyId")] public string? KmsKeyId { get; init; }
}
