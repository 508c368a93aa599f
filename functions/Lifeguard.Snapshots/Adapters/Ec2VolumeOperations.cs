using Amazon.EC2;
using Lifeguard.Aws;
using Lifeguard.Aws.Endpoints;
using Lifeguard.Aws.Sdk;
using Lifeguard.Snapshots.Domain;
using Sdk = Amazon.EC2.Model;

namespace Lifeguard.Snapshots.Adapters;

/// <summary>
/// <see cref="IVolumeOperations"/> over AWSSDK.EC2, with the SDK's retries: CreateVolume carries a client token, and the
/// others are safe to repeat (a repeated detach or delete of a volume already detached or gone is reported by EC2 and
/// read by the caller as done).
/// </summary>
public sealed class Ec2VolumeOperations(IAmazonEC2 ec2) : IVolumeOperations
{
    public Ec2VolumeOperations(AwsConfiguration aws)
        : this(Client(aws))
    {
    }

    private static AmazonEC2Client Client(AwsConfiguration aws)
    {
        ArgumentNullException.ThrowIfNull(aws);
        return new AmazonEC2Client(aws.Credentials, aws.For<AmazonEC2Config>(AwsService.Ec2));
    }

    public Task<Volume> CreateVolumeAsync(CreateVolumeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SdkCall.RunAsync(AwsService.Ec2, "CreateVolume", async ct =>
        {
            var response = await ec2.CreateVolumeAsync(new Sdk.CreateVolumeRequest
            {
                SnapshotId = request.SnapshotId,
                AvailabilityZone = request.AvailabilityZone,
                VolumeType = request.VolumeType,
                ClientToken = request.ClientToken,
                TagSpecifications = request.Tags.Count == 0
                    ? null
                    : [new Sdk.TagSpecification { ResourceType = ResourceType.Volume, Tags = [.. request.Tags.Select(t => new Sdk.Tag(t.Key, t.Value))] }],
            }, ct).ConfigureAwait(false);
            var v = response.Volume;
            return new Volume(
                v.VolumeId, v.Size ?? 0, v.AvailabilityZone ?? request.AvailabilityZone, v.State?.Value ?? "creating", v.VolumeType?.Value, v.Encrypted ?? false,
                v.CreateTime is { } created ? new DateTimeOffset(DateTime.SpecifyKind(created, DateTimeKind.Utc)) : null,
                [], [.. (v.Tags ?? []).Select(t => new Ec2Tag(t.Key, t.Value ?? string.Empty))]);
        }, cancellationToken);
    }

    public Task AttachVolumeAsync(string volumeId, string instanceId, string device, CancellationToken cancellationToken) =>
        SdkCall.RunAsync(AwsService.Ec2, "AttachVolume",
            ct => ec2.AttachVolumeAsync(new Sdk.AttachVolumeRequest { VolumeId = volumeId, InstanceId = instanceId, Device = device }, ct), cancellationToken);

    public Task DetachVolumeAsync(string volumeId, string? instanceId, bool force, CancellationToken cancellationToken) =>
        SdkCall.RunAsync(AwsService.Ec2, "DetachVolume",
            ct => ec2.DetachVolumeAsync(new Sdk.DetachVolumeRequest { VolumeId = volumeId, InstanceId = instanceId, Force = force }, ct), cancellationToken);

    public Task DeleteVolumeAsync(string volumeId, CancellationToken cancellationToken) =>
        SdkCall.RunAsync(AwsService.Ec2, "DeleteVolume", ct => ec2.DeleteVolumeAsync(new Sdk.DeleteVolumeRequest { VolumeId = volumeId }, ct), cancellationToken);

    public Task TagVolumeAsync(string volumeId, IReadOnlyList<Ec2Tag> tags, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tags);
        return SdkCall.RunAsync(AwsService.Ec2, "CreateTags", ct => ec2.CreateTagsAsync(new Sdk.CreateTagsRequest
        {
            Resources = [volumeId],
            Tags = [.. tags.Select(t => new Sdk.Tag(t.Key, t.Value))],
        }, ct), cancellationToken);
    }

    public Task UntagVolumeAsync(string volumeId, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return SdkCall.RunAsync(AwsService.Ec2, "DeleteTags", ct => ec2.DeleteTagsAsync(new Sdk.DeleteTagsRequest
        {
            Resources = [volumeId],
            Tags = [.. keys.Select(k => new Sdk.Tag { Key = k })],
        }, ct), cancellationToken);
    }
}
