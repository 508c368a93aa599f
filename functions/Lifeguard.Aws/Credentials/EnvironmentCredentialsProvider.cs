namespace Lifeguard.Aws.Credentials;

/// <summary>AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN: what Lambda gives every function.</summary>
public sealed class EnvironmentCredentialsProvider(Func<string, string?> environment) : ICredentialsProvider
{
    public string Description => "environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)";

    public Task<AwsCredentials?> TryGetCredentialsAsync(CancellationToken cancellationToken) =>
        Task.FromResult(environment("AWS_ACCESS_KEY_ID") is { Length: > 0 } key && environment("AWS_SECRET_ACCESS_KEY") is { Length: > 0 } secret
            ? new AwsCredentials(key, secret, environment("AWS_SESSION_TOKEN") is { Length: > 0 } token ? token : null)
            : null);
}
