namespace Lifeguard.Aws.Credentials;

/// <summary>One source of credentials; null when this source has none.</summary>
public interface ICredentialsProvider
{
    /// <summary>What this source is, for the error that lists what was tried.</summary>
    string Description { get; }

    Task<AwsCredentials?> TryGetCredentialsAsync(CancellationToken cancellationToken);
}
