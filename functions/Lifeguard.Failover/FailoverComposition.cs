using Amazon.EC2;
using Lifeguard.Aws;
using Lifeguard.Aws.CloudWatch;
using Lifeguard.Aws.Endpoints;
using Lifeguard.Aws.Ssm;
using Lifeguard.Aws.Sdk;
using Lifeguard.Aws.Route53;
using Lifeguard.Aws.Sns;
using Lifeguard.Failover.Adapters;
using Lifeguard.Failover.Configuration;
using Lifeguard.Runtime.Hosting;

namespace Lifeguard.Failover;

/// <summary>Builds the handler from the environment, once per execution environment.</summary>
public static class FailoverComposition
{
    public const string HandlerName = "failover";

    public static void Register(HandlerRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.Add<FailoverEvent, FailoverReport>(HandlerName, FailoverJsonContext.Default, host => CreateHandler(host).HandleAsync);
    }

    public static FailoverHandler CreateHandler(HostServices host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var settings = FailoverSettings.FromEnvironment(host.Environment);
        var aws = AwsConfiguration.FromEnvironment(host.Environment.GetVariable, host.Time);
        // Built when an EIP group first needs it, not with the function: a DNS group never does, and building an SDK
        // client (its configuration reads the OS description and the shared profile files, then it assembles its
        // pipeline) cost every cold start a few milliseconds. PublicationOnly: a failure is not remembered.
        var ec2 = new Lazy<IAmazonEC2>(() => Ec2(aws), LazyThreadSafetyMode.PublicationOnly);
        var route53 = new Route53Client(aws);
        var switcher = new Route53RecordSwitcher(route53, host.Time);
        // Route 53's health-check metrics live in us-east-1 whatever the function's region.
        var view = settings.Groups.Any(g => g.ConfirmWith is not null)
            ? new Route53HealthView(new CloudWatchClient(aws with { Region = "us-east-1" }), settings.HealthChecks, host.Time)
            : null;
        var hooks = settings.Groups.Any(g => g.Hooks is not null) ? new SsmCommandRunner(aws, host.Time) : null;
        return new FailoverHandler(settings, group => Endpoint(group, ec2, route53, switcher), new Prober(host.Time), SnsNotifier.For(aws, settings.TopicArn), view, hooks);
    }

    /// <summary>EC2 for EIP mode; AssociateAddress and CreateTags are safe to repeat, so the SDK's retries apply.</summary>
    public static IAmazonEC2 Ec2(AwsConfiguration aws)
    {
        ArgumentNullException.ThrowIfNull(aws);
        return new AmazonEC2Client(aws.Credentials, aws.For<AmazonEC2Config>(AwsService.Ec2));
    }

    public static IFailoverEndpoint Endpoint(FailoverGroup group, IAmazonEC2 ec2, IRoute53Client route53, Route53RecordSwitcher switcher) =>
        Endpoint(group, new Lazy<IAmazonEC2>(() => ec2), route53, switcher);

    /// <summary>As above; <paramref name="ec2"/> is asked for its client only for an EIP group.</summary>
    public static IFailoverEndpoint Endpoint(FailoverGroup group, Lazy<IAmazonEC2> ec2, IRoute53Client route53, Route53RecordSwitcher switcher)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(ec2);
        return group.Record is { } record
            ? new DnsRecordEndpoint(route53, switcher, record)
            : new ElasticIpEndpoint(ec2.Value, group.ElasticIp!, byInterface: group.Targets[0].Value.StartsWith("eni-", StringComparison.Ordinal));
    }
}
