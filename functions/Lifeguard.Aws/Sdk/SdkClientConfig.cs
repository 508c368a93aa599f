using Amazon;
using Amazon.Runtime;
using Lifeguard.Aws.Endpoints;

namespace Lifeguard.Aws.Sdk;

/// <summary>Configures the AWS SDK's clients from the same <see cref="AwsConfiguration"/> as Lifeguard's own.</summary>
public static class SdkClientConfig
{
    /// <summary>
    /// Region, endpoint (AWS_ENDPOINT_URL[_SERVICE] read from the function's environment, not the process's, so that
    /// tests running side by side can point at different servers), each attempt's timeout, and an HTTP client that
    /// counts throttled answers into <see cref="AwsConfiguration.Statistics"/>. With <paramref name="retry"/> false the
    /// SDK sends each call once, stale connection or not: for calls that may take effect twice and carry no client token (CreateSnapshot),
    /// whose retries <see cref="SdkCall"/> makes only when the service surely did not act.
    /// </summary>
    public static TConfig For<TConfig>(this AwsConfiguration aws, AwsService service, bool retry = true)
        where TConfig : ClientConfig, new()
    {
        ArgumentNullException.ThrowIfNull(aws);
        ArgumentNullException.ThrowIfNull(service);
        var endpoint = aws.Endpoint(service);
        var config = new TConfig
        {
            // Our resolver has already read the endpoint settings; the SDK must not read the process's again.
            IgnoreConfiguredEndpointUrls = true,
            RetryMode = RequestRetryMode.Standard,
            MaxErrorRetry = retry ? Math.Max(0, aws.Retry.MaxAttempts - 1) : 0,
            // The SDK (since 4.0.x) also resends, outside MaxErrorRetry, a request whose connection was reset or
            // aborted, taking it for a stale pooled connection. That is also what a dropped answer to a call EC2 has
            // already carried out looks like, so a call that must not be sent twice gets none of those either.
            MaxStaleConnectionRetries = retry ? 10 : 0,
            // The standard mode's client-side retry budget is shared by every client of the process and survives
            // into later warm invocations: a run that met a burst of errors would leave the next one's idempotent calls
            // with no retries at all. Our calls are paced by token buckets and bounded by the deadline instead.
            ThrottleRetries = false,
            Timeout = aws.Retry.AttemptTimeout,
            HttpClientFactory = aws.SdkHttp,
        };
        if (endpoint.IsCustom)
        {
            config.ServiceURL = endpoint.Uri.ToString();
            config.AuthenticationRegion = endpoint.SigningRegion;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(aws.Region);
        }

        return config;
    }
}
