using Amazon.Runtime;
using Lifeguard.Aws.Endpoints;
using Lifeguard.Aws.Sdk;
using Amazon.S3;

namespace Lifeguard.Aws.Tests;

/// <summary>Region, credentials and endpoints for the SDK's clients and ours, from the function's environment.</summary>
public sealed class AwsConfigurationTests : IDisposable
{
    private readonly HttpClient _http = new();

    [Fact]
    public async Task FromEnvironment_TemporaryKeysInTheEnvironment_SignWithAllThree()
    {
        var configuration = AwsConfiguration.FromEnvironment(Lookup(new()
        {
            ["AWS_REGION"] = "eu-west-1",
            ["AWS_ACCESS_KEY_ID"] = "ASIAEXAMPLE",
            ["AWS_SECRET_ACCESS_KEY"] = "secret",
            ["AWS_SESSION_TOKEN"] = "token",
        }), _http);

        var credentials = await configuration.Credentials.GetCredentialsAsync();

        Assert.Equal(("ASIAEXAMPLE", "secret", "token"), (credentials.AccessKey, credentials.SecretKey, credentials.Token));
        Assert.Equal("eu-west-1", configuration.Region);
    }

    [Fact]
    public void FromEnvironment_NoRegionAnywhere_SaysWhereItLooked()
    {
        var ex = Assert.Throws<AwsApiException>(() => AwsConfiguration.FromEnvironment(Lookup(new() { ["AWS_DEFAULT_REGION"] = null }), _http));

        Assert.Equal("NoRegion", ex.ErrorCode);
        Assert.Contains("AWS_REGION", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void For_EndpointForOneServiceInTheEnvironment_PointsOnlyThatServiceThereAndSignsForTheRegion()
    {
        var configuration = AwsConfiguration.FromEnvironment(Lookup(new()
        {
            ["AWS_REGION"] = "eu-west-1",
            ["AWS_ACCESS_KEY_ID"] = "AKIDEXAMPLE",
            ["AWS_SECRET_ACCESS_KEY"] = "secret",
            ["AWS_ENDPOINT_URL_S3"] = "http://127.0.0.1:4566",
        }), _http);

        var s3 = configuration.For<AmazonS3Config>(AwsService.S3);
        var once = configuration.For<Amazon.EC2.AmazonEC2Config>(AwsService.Ec2, retry: false);

        Assert.Equal("http://127.0.0.1:4566/", s3.ServiceURL);
        Assert.Equal("eu-west-1", s3.AuthenticationRegion);
        Assert.True(s3.IgnoreConfiguredEndpointUrls);
        Assert.Equal(4, s3.MaxErrorRetry);
        Assert.Null(once.ServiceURL);
        Assert.Equal("eu-west-1", once.RegionEndpoint.SystemName);
        Assert.Equal((0, 0), (once.MaxErrorRetry, once.MaxStaleConnectionRetries));
        Assert.Same(s3.HttpClientFactory, once.HttpClientFactory);
    }

    public void Dispose() => _http.Dispose();

    private static Func<string, string?> Lookup(Dictionary<string, string?> values) => name => values.GetValueOrDefault(name);
}
