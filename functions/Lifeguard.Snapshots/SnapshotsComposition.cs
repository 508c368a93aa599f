using Lifeguard.Aws.Ssm;
using Lifeguard.Aws;
using Lifeguard.Aws.Lambda;
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
            .Add<CopyEvent, CopyReport>("copy", SnapshotsJsonContext.Default, host => CreateCopyHandler(host).HandleAsync)
            .Add<CoverageEvent, CoverageReport>("coverage", SnapshotsJsonContext.Default, host => CreateCoverageHandler(host).HandleAsync)
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
            SnsNotifier.For(aws, options.TopicArn),
            Pacing(options, host),
            aws.Statistics,
            FollowUp(host, aws),
            ec2);
    }

    /// <summary>
    /// Inside Lambda, the targets a run cannot reach go to an asynchronous invocation of the same function; a local
    /// `invoke` (no AWS_LAMBDA_FUNCTION_NAME) reports the follow-up event instead.
    /// </summary>
    private static LambdaFollowUp? FollowUp(HostServices host, AwsConfiguration aws) =>
        host.Environment.GetVariable("AWS_LAMBDA_FUNCTION_NAME") is { Length: > 0 } name ? new LambdaFollowUp(new LambdaClient(aws), name) : null;

    public static ExpireHandler CreateExpireHandler(HostServices host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var (options, aws) = Configure(host);
        return new ExpireHandler(
            new Ec2BlockStorage(aws),
            Catalog(options, aws),
            SnsNotifier.For(aws, options.TopicArn),
            Pacing(options, host),
            options,
            aws.Statistics,
            region => new Ec2BlockStorage(aws with { Region = region }));
    }

    public static CopyHandler CreateCopyHandler(HostServices host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var (options, aws) = Configure(host);
        return new CopyHandler(new Ec2BlockStorage(aws), region => new Ec2BlockStorage(aws with { Region = region }), options);
    }

    public static CoverageHandler CreateCoverageHandler(HostServices host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var (options, aws) = Configure(host);
        var ec2 = new Ec2BlockStorage(aws);
        return new CoverageHandler(ec2, ec2, SnsNotifier.For(aws, options.TopicArn), options);
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
            SnsNotifier.For(aws, options.TopicArn),
            options);
    }

    private static (SnapshotsOptions Options, AwsConfiguration Aws) Configure(HostServices host)
    {
        var aws = AwsConfiguration.FromEnvironment(host.Environment.GetVariable, host.Time);
        return (SnapshotsOptions.FromEnvironment(host.Environment) with { Region = aws.Region }, aws);
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
