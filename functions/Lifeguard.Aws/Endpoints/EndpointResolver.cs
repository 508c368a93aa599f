namespace Lifeguard.Aws.Endpoints;

/// <summary>
/// Where a service lives: AWS_ENDPOINT_URL_&lt;SERVICE&gt;, else AWS_ENDPOINT_URL, else the standard endpoint of the
/// region's partition.
/// </summary>
public static class EndpointResolver
{
    public static ResolvedEndpoint Resolve(AwsService service, string region, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(environment);
        if ((environment($"AWS_ENDPOINT_URL_{service.EnvironmentName}") ?? environment("AWS_ENDPOINT_URL")) is { Length: > 0 } custom)
        {
            return new ResolvedEndpoint(new Uri(custom.TrimEnd('/') + "/"), service.IsGlobal ? GlobalSigningRegion(region) : region, IsCustom: true);
        }

        var suffix = DnsSuffix(region);
        return new ResolvedEndpoint(new Uri($"https://{service.Host(region, suffix)}/"), service.IsGlobal ? GlobalSigningRegion(region) : region, IsCustom: false);
    }

    public static string DnsSuffix(string region) => region.StartsWith("cn-", StringComparison.Ordinal) ? "amazonaws.com.cn" : "amazonaws.com";

    private static string GlobalSigningRegion(string region) =>
        region.StartsWith("cn-", StringComparison.Ordinal) ? "cn-northwest-1"
        : region.StartsWith("us-gov-", StringComparison.Ordinal) ? "us-gov-west-1"
        : "us-east-1";
}
