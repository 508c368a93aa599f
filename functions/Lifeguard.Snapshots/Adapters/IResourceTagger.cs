using Lifeguard.Snapshots.Domain;

namespace Lifeguard.Snapshots.Adapters;

/// <summary>
/// Writes and removes the coverage check's state tags on volumes and instances. Both are safe to repeat. The role
/// allows only the state keys, only on resources tagged `lifeguard:backup`.
/// </summary>
public interface IResourceTagger
{
    Task CreateTagsAsync(string resourceId, IReadOnlyList<Ec2Tag> tags, CancellationToken cancellationToken);

    /// <summary>Removes these keys whatever their values; <paramref name="keys"/> is never empty (EC2 would remove every tag).</summary>
    Task DeleteTagsAsync(string resourceId, IReadOnlyList<string> keys, CancellationToken cancellationToken);
}
