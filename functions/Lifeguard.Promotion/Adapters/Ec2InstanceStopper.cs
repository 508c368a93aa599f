using Amazon.EC2;
using Amazon.EC2.Model;
using Lifeguard.Aws;
using Lifeguard.Aws.Endpoints;
using Lifeguard.Aws.Sdk;

namespace Lifeguard.Promotion.Adapters;

/// <summary><see cref="IInstanceStopper"/> over AWSSDK.EC2. Stopping a stopping instance again changes nothing, so the SDK may retry.</summary>
public sealed class Ec2InstanceStopper(IAmazonEC2 ec2) : IInstanceStopper
{
    public Ec2InstanceStopper(AwsConfiguration aws)
        : this(new AmazonEC2Client(aws.Credentials, aws.For<AmazonEC2Config>(AwsService.Ec2)))
    {
    }

    public async Task<string> StopAsync(string instanceId, CancellationToken cancellationToken)
    {
        var response = await SdkCall.RunAsync(AwsService.Ec2, "StopInstances",
            ct => ec2.StopInstancesAsync(new StopInstancesRequest { InstanceIds = [instanceId], Force = true }, ct), cancellationToken).ConfigureAwait(false);
        return response.StoppingInstances?.FirstOrDefault(i => i.InstanceId == instanceId)?.CurrentState?.Name?.Value ?? "unknown";
    }
}
