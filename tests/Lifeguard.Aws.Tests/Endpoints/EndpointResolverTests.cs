using Lifeguard.Aws.Endpoints;

namespace Lifeguard.Aws.Tests.Endpoints;

public sealed class EndpointResolverTests
{
    [Theory]
    [InlineData("EC2", "eu-west-1", "https://ec2.eu-west-1.amazonaws.com/", "eu-west-1")]
    [InlineData("EC2", "cn-north-1", "https://ec2.cn-north-1.amazonaws.com.cn/", "cn-north-1")]
    [InlineData("Route 53", "eu-west-1", "https://route53.amazonaws.com/", "us-east-1")]
    [InlineData("Route 53", "cn-north-1", "https://route53.amazonaws.com.cn/", "cn-northwest-1")]
    [InlineData("Route 53", "us-gov-west-1", "https://route53.us-gov.amazonaws.com/", "us-gov-west-1")]
    [InlineData("SimpleDB", "us-east-1", "https://sdb.amazonaws.com/", "us-east-1")]
    [InlineData("SimpleDB", "eu-west-1", "https://sdb.eu-west-1.amazonaws.com/", "eu-west-1")]
    [InlineData("Secrets Manager", "ap-southeast-2", "https://secretsmanager.ap-southeast-2.amazonaws.com/", "ap-southeast-2")]
    [InlineData("S3", "us-west-2", "https://s3.us-west-2.amazonaws.com/", "us-west-2")]
    public void Resolve_StandardEndpoint_PerServiceAndPartition(string service, string region, string uri, string signingRegion)
    {
        var endpoint = EndpointResolver.Resolve(Service(service), region, _ => null);

        Assert.Equal(new Uri(uri), endpoint.Uri);
        Assert.Equal(signingRegion, endpoint.SigningRegion);
        Assert.False(endpoint.IsCustom);
    }

    [Fact]
    public void Resolve_ServiceSpecificOverride_WinsOverTheGlobalOne()
    {
        var environment = new Dictionary<string, string>
        {
            ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:5000",
            ["AWS_ENDPOINT_URL_ROUTE_53"] = "http://127.0.0.1:5053/",
            ["AWS_ENDPOINT_URL_SECRETS_MANAGER"] = "https://secrets.internal",
        };
        string? Lookup(string name) => environment.GetValueOrDefault(name);

        Assert.Equal(new Uri("http://127.0.0.1:5000/"), EndpointResolver.Resolve(AwsService.Ec2, "eu-west-1", Lookup).Uri);
        Assert.Equal(new Uri("http://127.0.0.1:5053/"), EndpointResolver.Resolve(AwsService.Route53, "eu-west-1", Lookup).Uri);
        Assert.Equal(new Uri("https://secrets.internal/"), EndpointResolver.Resolve(AwsService.SecretsManager, "eu-west-1", Lookup).Uri);
        Assert.True(EndpointResolver.Resolve(AwsService.Ec2, "eu-west-1", Lookup).IsCustom);
    }

    private static AwsService Service(string name) =>
        new[] { AwsService.Ec2, AwsService.Route53, AwsService.SimpleDb, AwsService.SecretsManager, AwsService.S3, AwsService.Sns, AwsService.Ssm }.Single(s => s.Name == name);
}
