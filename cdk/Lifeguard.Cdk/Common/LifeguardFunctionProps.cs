using Amazon.CDK.AWS.Logs;
using Lifeguard.Cdk.Packaging;

namespace Lifeguard.Cdk.Common;

public sealed record LifeguardFunctionProps
{
    /// <summary>The project under functions/, e.g. Lifeguard.Snapshots, which the packager turns into a native `bootstrap`.</summary>
    public required string ProjectName { get; init; }

    /// <summary>The registered handler this function runs (LIFEGUARD_HANDLER), e.g. `snapshot` or `expire`.</summary>
    public required string HandlerName { get; init; }

    public required IFunctionPackager Packager { get; init; }

    public required string Description { get; init; }

    public double MemorySizeMb { get; init; } = 512;

    public Amazon.CDK.Duration? Timeout { get; init; }

    /// <summary>1: one run at a time (scheduled runs that would overlap wait in Lambda's asynchronous queue).</summary>
    public double? ReservedConcurrentExecutions { get; init; }

    public RetentionDays LogRetention { get; init; } = RetentionDays.ONE_MONTH;

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Lambda's own lines kept in the log group: WARN (failures only), or INFO with each invocation's report.</summary>
    public Amazon.CDK.AWS.Lambda.SystemLogLevel SystemLogLevel { get; init; } = Amazon.CDK.AWS.Lambda.SystemLogLevel.WARN;

    /// <summary>Subnets and security groups to run in (private targets, databases); none: Lambda's own network.</summary>
    public Configuration.VpcPlacementConfig? Vpc { get; init; }
}
