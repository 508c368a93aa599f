namespace Lifeguard.Snapshots.Adapters;

/// <summary>Hands the targets a run could not reach to another invocation of the snapshot function, for the same slot.</summary>
public interface ISnapshotFollowUp
{
    Task HandOffAsync(SnapshotEvent continuation, CancellationToken cancellationToken);
}
