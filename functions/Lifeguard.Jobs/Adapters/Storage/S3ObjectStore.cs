using Amazon.S3;
using Amazon.S3.Model;
using Lifeguard.Aws;
using Lifeguard.Aws.Endpoints;
using Lifeguard.Aws.Sdk;

namespace Lifeguard.Jobs.Adapters.Storage;

/// <summary>
/// <see cref="IObjectStore"/> over AWSSDK.S3. Both calls are safe to repeat (a put to a fixed key leaves the same
/// object), so the SDK's retries apply.
/// </summary>
public sealed class S3ObjectStore(IAmazonS3 s3) : IObjectStore
{
    private const string MetadataPrefix = "x-amz-meta-";

    public S3ObjectStore(AwsConfiguration aws)
        : this(new AmazonS3Client(aws.Credentials, Config(aws)))
    {
    }

    public async Task<S3Object> GetObjectAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        var response = await SdkCall.RunAsync(AwsService.S3, "GetObject",
            ct => s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key }, ct), cancellationToken).ConfigureAwait(false);
        var metadata = response.Metadata.Keys.ToDictionary(
            k => k.StartsWith(MetadataPrefix, StringComparison.OrdinalIgnoreCase) ? k[MetadataPrefix.Length..].ToLowerInvariant() : k.ToLowerInvariant(),
            k => response.Metadata[k], StringComparer.Ordinal);
        var info = new S3ObjectInfo(response.ContentLength, response.Headers.ContentType, response.ETag, metadata);
        return new S3Object(response.ResponseStream, info, response);
    }

    public async Task<string?> PutObjectAsync(PutObjectRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = await SdkCall.RunAsync(AwsService.S3, "PutObject", ct =>
        {
            var put = new Amazon.S3.Model.PutObjectRequest
            {
                BucketName = request.Bucket,
                Key = request.Key,
                InputStream = new MemoryStream(request.Content.ToArray(), writable: false),
                ContentType = request.ContentType,
            };
            foreach (var (name, value) in request.Metadata)
            {
                put.Metadata.Add(name.ToLowerInvariant(), value);
            }

            return s3.PutObjectAsync(put, ct);
        }, cancellationToken).ConfigureAwait(false);
        return response.ETag;
    }

    /// <summary>Virtual-hosted addressing as AWS recommends; path style when the endpoint is custom (moto, MinIO), as the SDKs do.</summary>
    private static AmazonS3Config Config(AwsConfiguration aws)
    {
        var config = aws.For<AmazonS3Config>(AwsService.S3);
        config.ForcePathStyle = aws.Endpoint(AwsService.S3).IsCustom;
        return config;
    }
}
