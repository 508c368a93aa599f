using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Lifeguard.Aws.Endpoints;
using Lifeguard.Aws.Http;
using Lifeguard.Aws.Sdk;

namespace Lifeguard.Aws;

/// <summary>Region, credentials, endpoints and retry settings shared by every client of one function, the SDK's and ours.</summary>
public sealed record AwsConfiguration
{
    private SdkHttpClientFactory? _sdkHttp;

    public required string Region { get; init; }

    /// <summary>The AWS SDK's credentials: the SDK's clients and Lifeguard's own sign with the same ones.</summary>
    public required AWSCredentials Credentials { get; init; }

    /// <summary>Lifeguard's own clients' connection pool.</summary>
    public required HttpClient Http { get; init; }

    public Func<string, string?> Environment { get; init; } = static _ => null;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public RetryOptions Retry { get; init; } = new();

    /// <summary>Shared by every client built from this configuration.</summary>
    public RetryStatistics Statistics { get; } = new();

    /// <summary>A uniform sample in [0, 1) for backoff jitter; tests make it fixed.</summary>
    public Func<double> Jitter { get; init; } = Random.Shared.NextDouble;

    /// <summary>The SDK clients' connection pool, counting throttled answers into <see cref="Statistics"/>.</summary>
    public SdkHttpClientFactory SdkHttp => LazyInitializer.EnsureInitialized(ref _sdkHttp, () => new SdkHttpClientFactory(Statistics, Retry.AttemptTimeout));

    public ResolvedEndpoint Endpoint(AwsService service) => EndpointResolver.Resolve(service, Region, Environment);

    /// <summary>
    /// For a function's composition: one connection pool for the life of the execution environment (the transport
    /// bounds each call itself, so the client has no timeout of its own).
    /// </summary>
    public static AwsConfiguration FromEnvironment(Func<string, string?> environment, TimeProvider time) =>
        FromEnvironment(environment, new HttpClient { Timeout = Timeout.InfiniteTimeSpan }, time);

    /// <summary>
    /// As the SDK does: region from AWS_REGION, AWS_DEFAULT_REGION or the profile; credentials from the SDK's default
    /// chain (environment, web identity, shared files with SSO and assume-role profiles, container, instance); endpoints
    /// from AWS_ENDPOINT_URL(_SERVICE) when set. <paramref name="environment"/> is the function's environment (the
    /// process's in Lambda, a test's own elsewhere), so the chain's first link, keys in the environment, reads it too.
    /// </summary>
    public static AwsConfiguration FromEnvironment(Func<string, string?> environment, HttpClient http, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        LoadCryptoInBackground();
        var region = environment("AWS_REGION") ?? environment("AWS_DEFAULT_REGION") ?? ProfileRegion()
            ?? throw new AwsApiException("configuration", "region", 0, "NoRegion",
                "no AWS region: set AWS_REGION (Lambda sets it), AWS_DEFAULT_REGION, or `region` in the profile");
        return new AwsConfiguration
        {
            Region = region,
            Credentials = EnvironmentKeys(environment) ?? new DefaultChainCredentials(),
            Http = http,
            Environment = environment,
            Time = time ?? TimeProvider.System,
        };
    }

    /// <summary>
    /// The first signature (or TLS handshake) loads and configures OpenSSL: 15-20 ms of a cold start's first invocation,
    /// in every function that calls AWS. Started here, on a pool thread, it runs while the function is still being
    /// composed and asks the Runtime API for its first event. A failure stays in the discarded task; the first real
    /// signature meets it again and reports it.
    /// </summary>
    private static void LoadCryptoInBackground() => _ = Task.Run(static () => SHA256.HashData(ReadOnlySpan<byte>.Empty));

    private static AWSCredentials? EnvironmentKeys(Func<string, string?> environment) =>
        (environment("AWS_ACCESS_KEY_ID"), environment("AWS_SECRET_ACCESS_KEY"), environment("AWS_SESSION_TOKEN")) switch
        {
            ({ Length: > 0 } key, { Length: > 0 } secret, { Length: > 0 } token) => new SessionAWSCredentials(key, secret, token),
            ({ Length: > 0 } key, { Length: > 0 } secret, _) => new BasicAWSCredentials(key, secret),
            _ => null,
        };

    private static string? ProfileRegion()
    {
        // The profile's region only (AWS_PROFILE or default); not the instance metadata service, which is not there
        // on a laptop and would cost a timeout.
        var chain = new Amazon.Runtime.CredentialManagement.CredentialProfileStoreChain();
        var name = System.Environment.GetEnvironmentVariable("AWS_PROFILE") ?? "default";
        return chain.TryGetProfile(name, out var profile) ? profile.Region?.SystemName : null;
    }

    /// <summary>
    /// The SDK's default chain, resolved on first use rather than at start: a function whose credentials cannot be
    /// found fails its AWS calls with a clear error instead of failing to start.
    /// </summary>
    private sealed class DefaultChainCredentials : AWSCredentials
    {
        // PublicationOnly: a failed search is tried again on the next call, not remembered for the warm environment.
        private readonly Lazy<AWSCredentials> _resolved = new(() => DefaultAWSCredentialsIdentityResolver.GetCredentials(), LazyThreadSafetyMode.PublicationOnly);

        public override ImmutableCredentials GetCredentials() => _resolved.Value.GetCredentials();

        public override Task<ImmutableCredentials> GetCredentialsAsync() => _resolved.Value.GetCredentialsAsync();
    }
}
