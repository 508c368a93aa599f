namespace Lifeguard.Aws.Http;

/// <summary>
/// One API call before signing. <see cref="Path"/> and <see cref="Query"/> are as they go on the wire
/// (already percent-encoded); the form parameters of ec2/query protocols go in <see cref="Form"/>.
/// </summary>
public sealed record AwsRequest
{
    public required string Operation { get; init; }

    public HttpMethod Method { get; init; } = HttpMethod.Post;

    public string Path { get; init; } = "/";

    public string Query { get; init; } = string.Empty;

    /// <summary>For S3 virtual-hosted style: the bucket, prefixed to the endpoint host.</summary>
    public string? HostPrefix { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    public IReadOnlyList<KeyValuePair<string, string>>? Form { get; init; }

    public byte[] Body { get; init; } = [];

    public string? ContentType { get; init; }

    public Idempotency Idempotency { get; init; } = Idempotency.Idempotent;

    /// <summary>Hand back the response body as a stream (S3 GetObject); the caller disposes the response.</summary>
    public bool StreamResponse { get; init; }
}
