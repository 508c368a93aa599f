using Lifeguard.Cdk.Common;
using Lifeguard.Cdk.Configuration;
using Lifeguard.Cdk.Packaging;

namespace Lifeguard.Cdk.Snapshots;

public sealed record EbsSnapshotsProps
{
    public required SnapshotsConfig Config { get; init; }

    public required Notifications Notifications { get; init; }

    public required IFunctionPackager Packager { get; init; }

    public Amazon.CDK.AWS.Logs.RetentionDays LogRetention { get; init; } = Amazon.CDK.AWS.Logs.RetentionDays.ONE_MONTH;
}
