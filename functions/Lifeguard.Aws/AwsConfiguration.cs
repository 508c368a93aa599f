using Lifeguard.Aws.Credentials;
using Lifeguard.Aws.Endpoints;
using Lifeguard.Aws.Http;

namespace Lifeguard.Aws;

/// <summary>Region, credentials, endpoints and retry settings shared by every client of one function.</summary>
public sealed record AwsConfiguration
{
    public required string Region { get; init; }

    public required ICredentialsProvider Credentials { get; init; }

    public required HttpClient Http { get; init; }

    public Func<string, string?> Environment { get; init; } = static _ => null;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public RetryOptions Retry { get; init; } = new();

    /// <summary>Shared by every client built from this configuration.</summary>
    public RetryStatistics Statistics { get; } = new();

    /// <summary>A uniform sample in [0, 1) for backoff jitter; tests make it fixed.</summary>
    public Func<double> Jitter { get; init; } = Random.Shared.NextDouble;

    public ResolvedEndpoint Endpoint(AwsService service) => EndpointResolver.Resolve(service, Region, Environment);

    /// <summary>
    /// As the SDKs do: region from AWS_REGION, AWS_DEFAULT_REGION or the profile; credentials from the default chain;
    /// endpoints from AWS_ENDPOINT_URL(_SERVICE) when set.
    /// </summary>
    /// <summary>
    /// For a function's composition: one connection pool for the life of the execution environment (the transport
    /// bounds each call itself, so the client has no timeout of its own).
    /// </summary>
    public static AwsConfiguration FromEnvironment(Func<string, string?> environment, TimeProvider time) =>
        FromEnvironment(environment, new HttpClient { Timeout = Timeout.InfiniteTimeSpan }, time);

    public static AwsConfiguration FromEnvironment(Func<string, string?> environment, HttpClient http, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var region = environment("AWS_REGION") ?? environment("AWS_DEFAULT_REGION") ?? SharedConfigFiles.Load(environment)["region"]
            ?? throw new AwsApiException("configuration", "region", 0, "NoRegion",
                "no AWS region: set AWS_REGION (Lambda sets it), AWS_DEFAULT_REGION, or `region` in the profile");
        var clock = time ?? TimeProvider.System;
        return new AwsConfiguration
        {
            Region = region,
            Credentials = CredentialChain.Default(environment, http, clock),
            Http = http,
            Environment = environment,
            Time = clock,
        };
    }
}
