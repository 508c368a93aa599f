namespace Lifeguard.Aws.Credentials;

/// <summary>
/// The SDKs' order: environment, shared files, container endpoint. The first source that has credentials wins and is
/// cached; temporary credentials are fetched again five minutes before they expire.
/// </summary>
public sealed class CredentialChain(IReadOnlyList<ICredentialsProvider> providers, TimeProvider time) : ICredentialsProvider, IDisposable
{
    private static readonly TimeSpan RefreshBeforeExpiry = TimeSpan.FromMinutes(5);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private AwsCredentials? _cached;

    public static CredentialChain Default(Func<string, string?> environment, HttpClient http, TimeProvider time) => new(
        [new EnvironmentCredentialsProvider(environment), new SharedFileCredentialsProvider(environment), new ContainerCredentialsProvider(environment, http)],
        time);

    public string Description => string.Join("; ", providers.Select(p => p.Description));

    public async Task<AwsCredentials?> TryGetCredentialsAsync(CancellationToken cancellationToken)
    {
        if (Fresh(_cached) is { } cached)
        {
            return cached;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Fresh(_cached) is { } again)
            {
                return again;
            }

            foreach (var provider in providers)
            {
                if (await provider.TryGetCredentialsAsync(cancellationToken).ConfigureAwait(false) is { } found)
                {
                    return _cached = found;
                }
            }

            return null;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The credentials, or one error listing every source that was tried.</summary>
    public async Task<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken) =>
        await TryGetCredentialsAsync(cancellationToken).ConfigureAwait(false)
        ?? throw new AwsApiException("credentials", "resolve", 0, "NoCredentials", $"no AWS credentials found; tried: {Description}");

    public void Dispose() => _gate.Dispose();

    private AwsCredentials? Fresh(AwsCredentials? credentials) =>
        credentials is not null && (credentials.Expiration is null || credentials.Expiration.Value - time.GetUtcNow() > RefreshBeforeExpiry)
            ? credentials
            : null;
}
