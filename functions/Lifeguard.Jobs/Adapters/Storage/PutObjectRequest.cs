namespace Lifeguard.Jobs.Adapters.Storage;

/// <summary>Writing to a fixed key is idempotent: a repeated put leaves the same object.</summary>
public sealed record PutObjectRequest(string Bucket, string Key, ReadOnlyMemory<byte> Content)
{
    public string ContentType { get; init; } = "application/octet-stream";

    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
}
