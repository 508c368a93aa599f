using System.Runtime.CompilerServices;
using Amazon.EC2;
using Lifeguard.Aws;
using Lifeguard.Aws.Endpoints;
using Lifeguard.Aws.Sdk;
using Lifeguard.Snapshots.Domain;
using Sdk = Amazon.EC2.Model;

namespace Lifeguard.Snapshots.Adapters;

/// <summary>
/// <see cref="IBlockStorage"/> over AWSSDK.EC2. Two SDK clients: one with the SDK's retries for everything that is
/// safe to repeat, and one without for CreateSnapshot(s), which carry no client token, so a dropped answer must never
/// make the SDK create a second snapshot (<see cref="SdkCall.RunOnceAsync"/> retries only what EC2 surely refused).
/// </summary>
public sealed class Ec2BlockStorage(AwsConfiguration aws, IAmazonEC2 ec2, IAmazonEC2 ec2Once) : IBlockStorage, ISnapshotTagger, ISnapshotCopier, ISnapshotLocker, IResourceTagger
{
    public Ec2BlockStorage(AwsConfiguration aws)
        : this(aws, new AmazonEC2Client(aws.Credentials, aws.For<AmazonEC2Config>(AwsService.Ec2)), new AmazonEC2Client(aws.Credentials, aws.For<AmazonEC2Config>(AwsService.Ec2, retry: false)))
    {
    }

    public IAsyncEnumerable<Volume> DescribeVolumesAsync(DescribeRequest request, CancellationToken cancellationToken) =>
        PagesAsync("DescribeVolumes", request, async (token, ct) =>
        {
            var response = await ec2.DescribeVolumesAsync(new Sdk.DescribeVolumesRequest
            {
                VolumeIds = Ids(request), Filters = Filters(request), MaxResults = PageSize(request), NextToken = token, DryRun = request.DryRun,
            }, ct).ConfigureAwait(false);
            return (response.Volumes?.Select(ReadVolume), response.NextToken);
        }, cancellationToken);

    public IAsyncEnumerable<Instance> DescribeInstancesAsync(DescribeRequest request, CancellationToken cancellationToken) =>
        PagesAsync("DescribeInstances", request, async (token, ct) =>
        {
            var response = await ec2.DescribeInstancesAsync(new Sdk.DescribeInstancesRequest
            {
                InstanceIds = Ids(request), Filters = Filters(request), MaxResults = PageSize(request), NextToken = token, DryRun = request.DryRun,
            }, ct).ConfigureAwait(false);
            return (response.Reservations?.SelectMany(r => r.Instances ?? []).Select(ReadInstance), response.NextToken);
        }, cancellationToken);

    public IAsyncEnumerable<Snapshot> DescribeSnapshotsAsync(DescribeRequest request, CancellationToken cancellationToken) =>
        PagesAsync("DescribeSnapshots", request, async (token, ct) =>
        {
            var response = await ec2.DescribeSnapshotsAsync(new Sdk.DescribeSnapshotsRequest
            {
                SnapshotIds = Ids(request), OwnerIds = List(request.Owners), Filters = Filters(request), MaxResults = PageSize(request), NextToken = token, DryRun = request.DryRun,
            }, ct).ConfigureAwait(false);
            return (response.Snapshots?.Select(ReadSnapshot), response.NextToken);
        }, cancellationToken);

    public IAsyncEnumerable<Image> DescribeImagesAsync(DescribeRequest request, CancellationToken cancellationToken) =>
        PagesAsync("DescribeImages", request, async (token, ct) =>
        {
            var response = await ec2.DescribeImagesAsync(new Sdk.DescribeImagesRequest
            {
                ImageIds = Ids(request), Owners = List(request.Owners), Filters = Filters(request), MaxResults = PageSize(request), NextToken = token, DryRun = request.DryRun,
            }, ct).ConfigureAwait(false);
            return (response.Images?.Select(ReadImage), response.NextToken);
        }, cancellationToken);

    public Task<Snapshot> CreateSnapshotAsync(CreateSnapshotRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SdkCall.RunOnceAsync(aws, AwsService.Ec2, "CreateSnapshot", async ct =>
        {
            var response = await ec2Once.CreateSnapshotAsync(new Sdk.CreateSnapshotRequest
            {
                VolumeId = request.VolumeId, Description = request.Description, TagSpecifications = TagSpecifications(request.Tags), DryRun = request.DryRun,
            }, ct).ConfigureAwait(false);
            return ReadSnapshot(response.Snapshot);
        }, cancellationToken);
    }

    public Task<IReadOnlyList<Snapshot>> CreateSnapshotsAsync(CreateSnapshotsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SdkCall.RunOnceAsync<IReadOnlyList<Snapshot>>(aws, AwsService.Ec2, "CreateSnapshots", async ct =>
        {
            var response = await ec2Once.CreateSnapshotsAsync(new Sdk.CreateSnapshotsRequest
            {
                InstanceSpecification = new Sdk.InstanceSpecification
                {
                    InstanceId = request.InstanceId,
                    ExcludeBootVolume = request.ExcludeBootVolume,
                    ExcludeDataVolumeIds = List(request.ExcludeDataVolumeIds),
                },
                Description = request.Description,
                // The API's only value: copy the volume's tags to its snapshot.
                CopyTagsFromSource = request.CopyTagsFromSource ? CopyTagsFromSource.Volume : null,
                TagSpecifications = TagSpecifications(request.Tags),
                DryRun = request.DryRun,
            }, ct).ConfigureAwait(false);
            return [.. (response.Snapshots ?? []).Select(s => new Snapshot(
                s.SnapshotId, s.VolumeId ?? string.Empty, s.State?.Value ?? "pending", Time(s.StartTime), s.Progress, s.VolumeSize ?? 0,
                s.Description, s.OwnerId, Tags(s.Tags)))];
        }, cancellationToken);
    }

    /// <summary>The region this storage's clients call.</summary>
    public string Region => aws.Region;

    public Task<string> CopySnapshotAsync(CopySnapshotRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SdkCall.RunOnceAsync(aws, AwsService.Ec2, "CopySnapshot", async ct =>
        {
            var response = await ec2Once.CopySnapshotAsync(new Sdk.CopySnapshotRequest
            {
                SourceSnapshotId = request.SourceSnapshotId,
                SourceRegion = request.SourceRegion,
                Description = request.Description,
                Encrypted = request.KmsKeyId is null ? null : true,
                KmsKeyId = request.KmsKeyId,
                TagSpecifications = TagSpecifications(request.Tags),
            }, ct).ConfigureAwait(false);
            return response.SnapshotId;
        }, cancellationToken);
    }

    /// <summary>LockSnapshot with an expiry date; locking again with the same settings changes nothing, so it is retried.</summary>
    public Task LockSnapshotAsync(string snapshotId, string mode, DateTimeOffset until, CancellationToken cancellationToken) =>
        SdkCall.RunAsync(AwsService.Ec2, "LockSnapshot", ct => ec2.LockSnapshotAsync(new Sdk.LockSnapshotRequest
        {
            SnapshotId = snapshotId, LockMode = new LockMode(mode), ExpirationDate = until.UtcDateTime,
        }, ct), cancellationToken);

    public Task<IReadOnlyList<string>> DescribeSharingAsync(string snapshotId, CancellationToken cancellationToken) =>
        SdkCall.RunAsync<IReadOnlyList<string>>(AwsService.Ec2, "DescribeSnapshotAttribute", async ct =>
        {
            var response = await ec2.DescribeSnapshotAttributeAsync(new Sdk.DescribeSnapshotAttributeRequest
            {
                SnapshotId = snapshotId, Attribute = SnapshotAttributeName.CreateVolumePermission,
            }, ct).ConfigureAwait(false);
            return [.. (response.CreateVolumePermissions ?? [])
                .Select(p => p.Group?.Value is { Length: > 0 } group ? $"{group} (public)" : p.UserId)
                .OfType<string>()
                .Order(StringComparer.Ordinal)];
        }, cancellationToken);

    /// <summary>EC2 CreateTags, safe to repeat, so the SDK's retries apply.</summary>
    public Task TagAsync(IReadOnlyList<string> snapshotIds, IReadOnlyList<Ec2Tag> tags, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshotIds);
        ArgumentNullException.ThrowIfNull(tags);
        return SdkCall.RunAsync(AwsService.Ec2, "CreateTags", ct => ec2.CreateTagsAsync(new Sdk.CreateTagsRequest
        {
            Resources = [.. snapshotIds],
            Tags = [.. tags.Select(t => new Sdk.Tag(t.Key, t.Value))],
        }, ct), cancellationToken);
    }

    public Task CreateTagsAsync(string resourceId, IReadOnlyList<Ec2Tag> tags, CancellationToken cancellationToken) =>
        TagAsync([resourceId], tags, cancellationToken);

    public Task DeleteTagsAsync(string resourceId, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        // DeleteTags without tags removes every user tag of the resource: never send that.
        ArgumentOutOfRangeException.ThrowIfZero(keys.Count);
        return SdkCall.RunAsync(AwsService.Ec2, "DeleteTags", ct => ec2.DeleteTagsAsync(new Sdk.DeleteTagsRequest
        {
            Resources = [resourceId],
            Tags = [.. keys.Select(k => new Sdk.Tag { Key = k })],
        }, ct), cancellationToken);
    }

    public Task DeleteSnapshotAsync(string snapshotId, bool dryRun, CancellationToken cancellationToken) =>
        SdkCall.RunAsync(AwsService.Ec2, "DeleteSnapshot",
            ct => ec2.DeleteSnapshotAsync(new Sdk.DeleteSnapshotRequest { SnapshotId = snapshotId, DryRun = dryRun }, ct), cancellationToken);

    private static async IAsyncEnumerable<T> PagesAsync<T>(
        string operation,
        DescribeRequest request,
        Func<string?, CancellationToken, Task<(IEnumerable<T>? Items, string? NextToken)>> page,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        string? token = null;
        // Bounded: a service that kept handing out tokens would otherwise loop for ever.
        for (var pages = 0; pages < 100_000; pages++)
        {
            var (items, next) = await SdkCall.RunAsync(AwsService.Ec2, operation, ct => page(token, ct), cancellationToken).ConfigureAwait(false);
            foreach (var item in items ?? [])
            {
                yield return item;
            }

            if (string.IsNullOrEmpty(next))
            {
                yield break;
            }

            token = next;
        }
    }

    private static List<string>? Ids(DescribeRequest request) => List(request.Ids);

    // EC2 refuses MaxResults together with explicit ids.
    private static int? PageSize(DescribeRequest request) => request.Ids.Count == 0 ? request.MaxResults : null;

    private static List<string>? List(IReadOnlyList<string> values) => values.Count == 0 ? null : [.. values];

    private static List<Sdk.Filter>? Filters(DescribeRequest request) =>
        request.Filters.Count == 0 ? null : [.. request.Filters.Select(f => new Sdk.Filter(f.Name, [.. f.Values]))];

    private static List<Sdk.TagSpecification>? TagSpecifications(IReadOnlyList<Ec2Tag> tags) => tags.Count == 0
        ? null
        : [new Sdk.TagSpecification { ResourceType = ResourceType.Snapshot, Tags = [.. tags.Select(t => new Sdk.Tag(t.Key, t.Value))] }];

    private static List<Ec2Tag> Tags(List<Sdk.Tag>? tags) => [.. (tags ?? []).Select(t => new Ec2Tag(t.Key, t.Value ?? string.Empty))];

    /// <summary>The SDK's times are UTC; a kind it left unspecified is UTC too.</summary>
    private static DateTimeOffset? Time(DateTime? time) => time is { } t
        ? new DateTimeOffset(t.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(t, DateTimeKind.Utc) : t.ToUniversalTime())
        : null;

    private static Volume ReadVolume(Sdk.Volume v) => new(
        v.VolumeId, v.Size ?? 0, v.AvailabilityZone ?? string.Empty, v.State?.Value ?? string.Empty, v.VolumeType?.Value, v.Encrypted ?? false,
        Time(v.CreateTime),
        [.. (v.Attachments ?? []).Select(a => new VolumeAttachment(a.InstanceId ?? string.Empty, a.Device ?? string.Empty, a.State?.Value ?? string.Empty, a.DeleteOnTermination ?? false))],
        Tags(v.Tags));

    private static Instance ReadInstance(Sdk.Instance i) => new(
        i.InstanceId, i.State?.Name?.Value ?? string.Empty, i.PrivateIpAddress, i.PublicIpAddress, i.RootDeviceName,
        [.. (i.BlockDeviceMappings ?? []).Select(b => new InstanceBlockDevice(b.DeviceName ?? string.Empty, b.Ebs?.VolumeId ?? string.Empty))],
        Tags(i.Tags))
    {
        AvailabilityZone = i.Placement?.AvailabilityZone,
    };

    private static Snapshot ReadSnapshot(Sdk.Snapshot s) => new(
        s.SnapshotId, s.VolumeId ?? string.Empty, s.State?.Value ?? string.Empty, Time(s.StartTime), s.Progress, s.VolumeSize ?? 0,
        s.Description, s.OwnerId, Tags(s.Tags))
    {
        StorageTier = s.StorageTier?.Value,
    };

    private static Image ReadImage(Sdk.Image i) => new(
        i.ImageId, i.Name, i.State?.Value ?? string.Empty,
        [.. (i.BlockDeviceMappings ?? []).Select(b => b.Ebs?.SnapshotId).OfType<string>()]);
}
