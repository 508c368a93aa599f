using Amazon.CDK;
using Constructs;
using Lifeguard.Cdk.Common;
using Lifeguard.Cdk.Configuration;

namespace Lifeguard.Cdk.Snapshots;

/// <summary>
/// A function of the Lifeguard.Snapshots package: one handler, its own timeout, and one run at a time. An overlapping
/// run (two tiers at once, a slow run and its follow-up, a repeated delivery, a manual run during a scheduled one)
/// waits in Lambda's asynchronous queue instead of racing this one for the same volumes, snapshots or state tags.
/// </summary>
public static class SnapshotsFunction
{
    public static Amazon.CDK.AWS.Lambda.Function Create(
        Construct scope, string id, CapabilityProps<SnapshotsConfig> props, string handler, string description, Duration timeout, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(props);
        return new LifeguardFunction(scope, id, new LifeguardFunctionProps
        {
            ProjectName = "Lifeguard.Snapshots",
            HandlerName = handler,
            Packager = props.Packager,
            Description = description,
            Timeout = timeout,
            ReservedConcurrentExecutions = 1,
            LogRetention = props.LogRetention,
            Environment = environment,
        }).Function;
    }
}
