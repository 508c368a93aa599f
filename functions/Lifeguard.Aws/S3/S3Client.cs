using System.Globalization;
using System.Text.RegularExpressions;
using Lifeguard.Aws.Endpoints;
using Lifeguard.Aws.Http;
using Lifeguard.Aws.Signing;

namespace Lifeguard.Aws.S3;

/// <summary>
/// S3 over rest-xml. Virtual-hosted addressing (bucket.s3.region.amazonaws.com) as AWS recommends; path style when the
/// endpoint is custom (moto, MinIO) or the bucket name cannot be a DNS label (dots break TLS).
/// </summary>
public sealed partial class S3Client(AwsConfiguration configuration) : IS3Client
{
    private const string MetadataPrefix = "x-amz-meta-";
    private readonly AwsTransport _transport = new(configuration, AwsService.S3);

    public async Task<S3Object> GetObjectAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        var response = await _transport.SendAsync(Request("GetObject", HttpMethod.Get, bucket, key) with { StreamResponse = true }, cancellationToken).ConfigureAwait(false);
        return new S3Object(response.Stream!, Info(response), response);
    }

    public async Task<string?> PutObjectAsync(PutObjectRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var headers = request.Metadata.Select(m => new KeyValuePair<string, string>(MetadataPrefix + m.Key.ToLowerInvariant(), m.Value)).ToList();
        using var response = await _transport.SendAsync(Request("PutObject", HttpMethod.Put, request.Bucket, request.Key) with
        {
            Body = request.Content.ToArray(),
            ContentType = request.ContentType,
            Headers = headers,
        }, cancellationToken).ConfigureAwait(false);
        return response.Header("ETag");
    }

    public async Task<S3ObjectInfo?> HeadObjectAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _transport.SendAsync(Request("HeadObject", HttpMethod.Head, bucket, key), cancellationToken).ConfigureAwait(false);
            return Info(response);
        }
        catch (AwsApiException ex) when (ex.StatusCode == 404)
        {
            return null;
        }
    }

    private AwsRequest Request(string operation, HttpMethod method, string bucket, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(bucket);
        ArgumentException.ThrowIfNullOrEmpty(key);
        var encodedKey = AwsUri.Encode(key, keepSlash: true);
        var virtualHosted = !configuration.Endpoint(AwsService.S3).IsCustom && DnsCompatible().IsMatch(bucket);
        return new AwsRequest
        {
            Operation = operation,
            Method = method,
            HostPrefix = virtualHosted ? bucket : null,
            Path = virtualHosted ? $"/{encodedKey}" : $"/{bucket}/{encodedKey}",
        };
    }

    private static S3ObjectInfo Info(AwsResponse response) => new(
        long.TryParse(response.Header("Content-Length"), NumberStyles.None, CultureInfo.InvariantCulture, out var length) ? length : null,
        response.Header("Content-Type"),
        response.Header("ETag"),
        response.HeadersStartingWith(MetadataPrefix).ToDictionary(StringComparer.Ordinal));

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$")]
    private static partial Regex DnsCompatible();
}
