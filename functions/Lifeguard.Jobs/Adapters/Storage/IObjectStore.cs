namespace Lifeguard.Jobs.Adapters.Storage;

/// <summary>Where job sources are read and results written. A missing object fails with an AwsApiException of status 404.</summary>
public interface IObjectStore
{
    Task<S3Object> GetObjectAsync(string bucket, string key, CancellationToken cancellationToken);

    /// <summary>The new object's ETag.</summary>
    Task<string?> PutObjectAsync(PutObjectRequest request, CancellationToken cancellationToken);
}
