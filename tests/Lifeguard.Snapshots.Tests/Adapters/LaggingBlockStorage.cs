using Lifeguard.Snapshots.Adapters;
using Lifeguard.Snapshots.Domain;

namespace Lifeguard.Snapshots.Tests.Adapters;

/// <summary>
/// Reads through <paramref name="reads"/> and creates through <paramref name="creates"/> (a fault proxy in front of the
/// same moto), and plays DescribeSnapshots' eventual consistency: after a create, the next
/// <see cref="UnlistedLookups"/> snapshot look-ups answer as if nothing had been made yet. <see cref="WhileCreating"/> runs
/// while a create is under way (to move a fake clock: EC2 taking its time to accept).
/// </summary>
public sealed class LaggingBlockStorage(IBlockStorage reads, IBlockStorage creates) : IBlockStorage
{
    private int _created;
    private int _lookupsAfterCreate;

    public int UnlistedLookups { get; init; }

    public Action? WhileCreating { get; init; }

    /// <summary>DescribeSnapshots calls made after the first create: the look-ups after an uncertain answer.</summary>
    public int LookupsAfterCreate => Volatile.Read(ref _lookupsAfterCreate);

    public IAsyncEnumerable<Volume> DescribeVolumesAsync(DescribeRequest request, CancellationToken cancellationToken) => reads.DescribeVolumesAsync(request, cancellationToken);

    public IAsyncEnumerable<Instance> DescribeInstancesAsync(DescribeRequest request, CancellationToken cancellationToken) => reads.DescribeInstancesAsync(request, cancellationToken);

    public IAsyncEnumerable<Snapshot> DescribeSnapshotsAsync(DescribeRequest request, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _created) == 0)
        {
            return reads.DescribeSnapshotsAsync(request, cancellationToken);
        }

        return Interlocked.Increment(ref _lookupsAfterCreate) <= UnlistedLookups
            ? AsyncEnumerable.Empty<Snapshot>()
            : reads.DescribeSnapshotsAsync(request, cancellationToken);
    }

    public IAsyncEnumerable<Image> DescribeImagesAsync(DescribeRequest request, CancellationToken cancellationToken) => reads.DescribeImagesAsync(request, cancellationToken);

    public Task<IReadOnlyList<string>> DescribeSharingAsync(string snapshotId, CancellationToken cancellationToken) => reads.DescribeSharingAsync(snapshotId, cancellationToken);

    public async Task<Snapshot> CreateSnapshotAsync(CreateSnapshotRequest request, CancellationToken cancellationToken)
    {
        try
        {
            WhileCreating?.Invoke();
            return await creates.CreateSnapshotAsync(request, cancellationToken);
        }
        finally
        {
            Interlocked.Increment(ref _created);
        }
    }

    public async Task<IReadOnlyList<Snapshot>> CreateSnapshotsAsync(CreateSnapshotsRequest request, CancellationToken cancellationToken)
    {
        try
        {
            WhileCreating?.Invoke();
            return await creates.CreateSnapshotsAsync(request, cancellationToken);
        }
        finally
        {
            Interlocked.Increment(ref _created);
        }
    }

    public Task DeleteSnapshotAsync(string snapshotId, bool dryRun, CancellationToken cancellationToken) => creates.DeleteSnapshotAsync(snapshotId, dryRun, cancellationToken);
}
