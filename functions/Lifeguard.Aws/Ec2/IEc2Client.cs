namespace Lifeguard.Aws.Ec2;

/// <summary>The EC2 operations Lifeguard uses. Describe* page through NextToken lazily.</summary>
public interface IEc2Client
{
    IAsyncEnumerable<Volume> DescribeVolumesAsync(DescribeRequest request, CancellationToken cancellationToken);

    IAsyncEnumerable<Instance> DescribeInstancesAsync(DescribeRequest request, CancellationToken cancellationToken);

    IAsyncEnumerable<Snapshot> DescribeSnapshotsAsync(DescribeRequest request, CancellationToken cancellationToken);

    IAsyncEnumerable<Image> DescribeImagesAsync(DescribeRequest request, CancellationToken cancellationToken);

    Task<IReadOnlyList<Address>> DescribeAddressesAsync(DescribeRequest request, CancellationToken cancellationToken);

    Task<Snapshot> CreateSnapshotAsync(CreateSnapshotRequest request, CancellationToken cancellationToken);

    /// <summary>The snapshots created, one per volume (id, volume, state).</summary>
    Task<IReadOnlyList<Snapshot>> CreateSnapshotsAsync(CreateSnapshotsRequest request, CancellationToken cancellationToken);

    Task DeleteSnapshotAsync(string snapshotId, bool dryRun, CancellationToken cancellationToken);

    Task CreateTagsAsync(IReadOnlyList<string> resourceIds, IReadOnlyList<Ec2Tag> tags, bool dryRun, CancellationToken cancellationToken);

    /// <summary>The new association id.</summary>
    Task<string> AssociateAddressAsync(AssociateAddressRequest request, CancellationToken cancellationToken);

    Task<IReadOnlyList<InstanceStateChange>> StopInstancesAsync(IReadOnlyList<string> instanceIds, bool force, bool dryRun, CancellationToken cancellationToken);
}
