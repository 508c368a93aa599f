using Lifeguard.Snapshots.Domain;

namespace Lifeguard.Snapshots.Adapters;

/// <summary>
/// Tags snapshots after their creation. Lifeguard uses it for one thing only: recording that a snapshot turned out
/// application-consistent (`lifeguard:consistency=application`), which is known only once EC2 has answered.
/// </summary>
public interface ISnapshotTagger
{
    Task TagAsync(IReadOnlyList<string> snapshotIds, IReadOnlyList<Ec2Tag> tags, CancellationToken cancellationToken);
}
