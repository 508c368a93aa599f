using Amazon.EC2;
using Amazon.EC2.Model;
using Lifeguard.Aws;
using Lifeguard.Aws.Endpoints;
using Lifeguard.Aws.Sdk;

namespace Lifeguard.Promotion.Adapters;

/// <summary><see cref="IInstanceStopper"/> over AWSSDK.EC2. Stopping a stopping instance again changes nothing, so the SDK may retry.</summary>
public sealed class Ec2InstanceStopper : IInstanceStopper
{
    private readonly Lazy<IAmazonEC2> _ec2;

    public Ec2InstanceStopper(IAmazonEC2 ec2)
    {
        ArgumentNullException.ThrowIfNull(ec2);
        _ec2 = new(() => ec2);
    }

    /// <summary>
    /// The client is built on the first stop, not with the function: only a promotion whose policy stops the old
    /// master's instance needs it, and building an SDK client (its configuration reads the OS description and the
    /// shared profile files, then it assembles its pipeline) cost every cold start a few milliseconds. PublicationOnly:
    /// a client that could not be built is tried again on the next stop, not remembered for the warm environment.
    /// </summary>
    public Ec2InstanceStopper(AwsConfiguration aws)
    {
        ArgumentNullException.ThrowIfNull(aws);
        _ec2 = new(() => new AmazonEC2Client(aws.Credentials, aws.For<AmazonEC2Config>(AwsService.Ec2)), LazyThreadSafetyMode.PublicationOnly);
    }

    public async Task<string> StopAsync(string instanceId, CancellationToken cancellationToken)
    {
        var response = await SdkCall.RunAsync(AwsService.Ec2, "StopInstances",
            ct => _ec2.Value.StopInstancesAsync(new StopInstancesRequest { InstanceIds = [instanceId], Force = true }, ct), cancellationToken).ConfigureAwait(false);
        return response.StoppingInstances?.FirstOrDefault(i => i.InstanceId == instanceId)?.CurrentState?.Name?.Value ?? "unknown";
    }
}
