using Lifeguard.Aws;
using Lifeguard.Aws.SimpleDb;
using Lifeguard.Aws.Sns;
using Lifeguard.Runtime.Hosting;
using Lifeguard.Snapshots.Adapters;
using Lifeguard.Snapshots.Drills;

namespace Lifeguard.Snapshots;

/// <summary>Builds each handler from the environment, once per execution environment.</summary>
public static class SnapshotsComposition
{
    public static void Register(HandlerRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry
            .Add<SnapshotEvent, SnapshotReport>("snapshot", SnapshotsJsonContext.Default, host => CreateSnapshotHandler(host).HandleAsync)
            .Add<ExpireEvent, ExpireReport>("expire", SnapshotsJsonContext.Default, host => CreateExpireHandler(host).HandleAsync)
            .Add<DrillEvent, DrillReport>("drill", SnapshotsJsonContext.Default, host => CreateDrillHandler(host).HandleAsync);
    }

    public static SnapshotHandler CreateSnapshotHandler(HostServices host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var (options, aws) = Configure(host);
        var ec2 = new Ec2BlockStorage(aws);
        return new SnapshotHandler(
            ec2,
            ec2,
            Catalog(options, aws),
            new SsmFilesystemFreezer(aws, options.FreezeTimeout, host.Time),
            new SnsNotifier(new SnsClient(aws), options.TopicArn),
            Pacing(options, host),
            aws.Statistics);
    }

    public static ExpireHandler CreateExpireHandler(HostServices host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var (options, aws) = Configure(host);
        return new ExpireHandler(
            new Ec2BlockStorage(aws),
            Catalog(options, aws),
            new SnsNotifier(new SnsClient(aws), options.TopicArn),
            Pacing(options, host),
            options,
            aws.Statistics);
    }

    public static DrillHandler CreateDrillHandler(HostServices host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var options = DrillOptions.FromEnvironment(host.Environment);
        var aws = AwsConfiguration.FromEnvironment(host.Environment.GetVariable, host.Time);
        return new DrillHandler(
            new Ec2BlockStorage(aws),
            new Ec2VolumeOperations(aws),
            new SsmCommandRunner(aws, host.Time),
            new SnsNotifier(new SnsClient(aws), options.TopicArn),
            options);
    }

    private static (SnapshotsOptions Options, AwsConfiguration Aws) Configure(HostServices host)
    {
        var options = SnapshotsOptions.FromEnvironment(host.Environment);
        return (options, AwsConfiguration.FromEnvironment(host.Environment.GetVariable, host.Time));
    }

    /// <summary>
    /// Paces a little under EC2's own bucket: sent at exactly the refill rate, calls arrive with jitter and a few would
    /// find the bucket a fraction of a token short.
    /// </summary>
    private static TokenBucket Pacing(SnapshotsOptions options, HostServices host) =>
        new(options.BucketBurst, options.BucketRefillPerSecond * 0.95, host.Time);

    private static ISnapshotCatalog Catalog(SnapshotsOptions options, AwsConfiguration aws) => options.Catalog == "simpledb"
        ? new SimpleDbCatalog(new SimpleDbClient(aws), options.SimpleDbDomain)
        : new TagCatalog();
}
