namespace Lifeguard.Snapshots.Adapters;

/// <summary>EBS snapshot lock: nobody (Lifeguard included) deletes a locked snapshot before the lock expires.</summary>
public interface ISnapshotLocker
{
    /// <param name="mode">`compliance` (cannot be unlocked or shortened) or `governance` (can be, with permission).</param>
    Task LockSnapshotAsync(string snapshotId, string mode, DateTimeOffset until, CancellationToken cancellationToken);
}
