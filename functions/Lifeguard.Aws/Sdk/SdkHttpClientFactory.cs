using Amazon.Runtime;
using Lifeguard.Aws.Http;

namespace Lifeguard.Aws.Sdk;

/// <summary>
/// One HTTP client (one connection pool) for every SDK client of a function, for the life of the execution
/// environment. The SDK neither caches nor disposes it: this factory owns it.
/// </summary>
public sealed class SdkHttpClientFactory : HttpClientFactory, IDisposable
{
    private readonly HttpClient _client;

    public SdkHttpClientFactory(RetryStatistics statistics, TimeSpan attemptTimeout) =>
        _client = new HttpClient(new ThrottleCountingHandler(statistics)
        {
            // The SDK follows (and re-signs for) S3's redirects itself; a handler that followed them would drop the
            // signature and turn a redirect into a 403. Connections are renewed so that endpoint DNS changes are seen.
            InnerHandler = new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) },
        })
        { Timeout = attemptTimeout };

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => _client;

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

    public void Dispose() => _client.Dispose();
}
