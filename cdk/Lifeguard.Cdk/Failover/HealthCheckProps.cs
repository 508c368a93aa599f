using Lifeguard.Cdk.Common;
using Lifeguard.Cdk.Configuration;
using Lifeguard.Cdk.Packaging;

namespace Lifeguard.Cdk.Failover;

public sealed record HealthCheckProps
{
    public required FailoverConfig Config { get; init; }

    public required Notifications Notifications { get; init; }

    public required IFunctionPackager Packager { get; init; }

    public Amazon.CDK.AWS.Logs.RetentionDays LogRetention { get; init; } = Amazon.CDK.AWS.Logs.RetentionDays.ONE_MONTH;
}
