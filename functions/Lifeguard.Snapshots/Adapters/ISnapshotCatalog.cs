namespace Lifeguard.Snapshots.Adapters;

/// <summary>
/// Where expiry dates live. The default is the snapshots' own tags; SimpleDB is the classic alternative. Whatever the
/// catalog says, the tags decide the safety checks.
/// </summary>
public interface ISnapshotCatalog
{
    Task RecordAsync(string snapshotId, string volumeId, string tier, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>The snapshots the catalog says are due, or null when the tags themselves are the catalog.</summary>
    Task<IReadOnlySet<string>?> DueAsync(DateTimeOffset now, CancellationToken cancellationToken);

    Task ForgetAsync(string snapshotId, CancellationToken cancellationToken);

    /// <summary>Removes entries whose snapshot no longer exists; returns how many.</summary>
    Task<int> PruneAsync(IReadOnlySet<string> existingSnapshotIds, CancellationToken cancellationToken);
}
