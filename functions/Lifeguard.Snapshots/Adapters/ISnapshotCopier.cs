namespace Lifeguard.Snapshots.Adapters;

/// <summary>Copies a snapshot into the region this storage is in.</summary>
public interface ISnapshotCopier
{
    /// <returns>The copy's id.</returns>
    Task<string> CopySnapshotAsync(CopySnapshotRequest request, CancellationToken cancellationToken);
}
