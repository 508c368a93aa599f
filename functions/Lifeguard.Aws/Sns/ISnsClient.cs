namespace Lifeguard.Aws.Sns;

public interface ISnsClient
{
    /// <summary>
    /// The message id. Publish has no deduplication on standard topics, so an uncertain failure is not repeated
    /// (AwsApiException.MayHaveTakenEffect); a lost notification is reported by the caller instead.
    /// </summary>
    Task<string> PublishAsync(PublishRequest request, CancellationToken cancellationToken);
}
