using Lifeguard.Snapshots.Domain;

namespace Lifeguard.Snapshots.Adapters;

/// <summary>
/// The EC2 operations the snapshot and expire functions use, in their own records. Describe* page lazily. Failures are
/// <see cref="Lifeguard.Aws.AwsApiException"/>s; CreateSnapshot(s) may fail with MayHaveTakenEffect, and then the caller
/// looks for the snapshot by its slot tag before trying again.
/// </summary>
public interface IBlockStorage
{
    IAsyncEnumerable<Volume> DescribeVolumesAsync(DescribeRequest request, CancellationToken cancellationToken);

    IAsyncEnumerable<Instance> DescribeInstancesAsync(DescribeRequest request, CancellationToken cancellationToken);

    IAsyncEnumerable<Snapshot> DescribeSnapshotsAsync(DescribeRequest request, CancellationToken cancellationToken);

    IAsyncEnumerable<Image> DescribeImagesAsync(DescribeRequest request, CancellationToken cancellationToken);

    Task<Snapshot> CreateSnapshotAsync(CreateSnapshotRequest request, CancellationToken cancellationToken);

    /// <summary>The snapshots created, one per volume (id, volume, state).</summary>
    Task<IReadOnlyList<Snapshot>> CreateSnapshotsAsync(CreateSnapshotsRequest request, CancellationToken cancellationToken);

    /// <summary>Who else may create volumes from the snapshot: account ids, and `all (public)`; empty when nobody.</summary>
    Task<IReadOnlyList<string>> DescribeSharingAsync(string snapshotId, CancellationToken cancellationToken);

    Task DeleteSnapshotAsync(string snapshotId, bool dryRun, CancellationToken cancellationToken);
}
