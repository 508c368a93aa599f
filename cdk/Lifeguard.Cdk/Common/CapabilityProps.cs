using Lifeguard.Cdk.Packaging;

namespace Lifeguard.Cdk.Common;

/// <summary>What every capability's construct gets from the stack: its configuration section and the shared parts.</summary>
public sealed record CapabilityProps<TConfig>
{
    public required TConfig Config { get; init; }

    public required Notifications Notifications { get; init; }

    public required IFunctionPackager Packager { get; init; }

    public Amazon.CDK.AWS.Logs.RetentionDays LogRetention { get; init; } = Amazon.CDK.AWS.Logs.RetentionDays.ONE_MONTH;

    /// <summary>notifications.runbookUrl: the stack gives it to every function, so it counts in their environment.</summary>
    public string? RunbookUrl { get; init; }
}
