namespace Lifeguard.Aws.S3;

public interface IS3Client
{
    Task<S3Object> GetObjectAsync(string bucket, string key, CancellationToken cancellationToken);

    /// <summary>The new object's ETag.</summary>
    Task<string?> PutObjectAsync(PutObjectRequest request, CancellationToken cancellationToken);

    /// <summary>The object's information, or null when there is no such object.</summary>
    Task<S3ObjectInfo?> HeadObjectAsync(string bucket, string key, CancellationToken cancellationToken);
}
