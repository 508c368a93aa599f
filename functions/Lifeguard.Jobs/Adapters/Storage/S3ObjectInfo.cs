namespace Lifeguard.Jobs.Adapters.Storage;

/// <summary>What HEAD tells: size, type, ETag and the user metadata (x-amz-meta-*, keys lower case).</summary>
public sealed record S3ObjectInfo(long? ContentLength, string? ContentType, string? ETag, IReadOnlyDictionary<string, string> Metadata);
