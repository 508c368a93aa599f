using Lifeguard.Snapshots.Domain;

namespace Lifeguard.Snapshots.Adapters;

/// <summary>
/// The EC2 volume operations restore drills use. Failures are <see cref="Lifeguard.Aws.AwsApiException"/>s. The drill
/// function's IAM policy allows the destructive ones only on volumes tagged <see cref="DrillTags.Drill"/>.
/// </summary>
public interface IVolumeOperations
{
    Task<Volume> CreateVolumeAsync(CreateVolumeRequest request, CancellationToken cancellationToken);

    Task AttachVolumeAsync(string volumeId, string instanceId, string device, CancellationToken cancellationToken);

    /// <param name="force">Detach even if the instance still uses it; only for a drill volume that is thrown away next.</param>
    Task DetachVolumeAsync(string volumeId, string? instanceId, bool force, CancellationToken cancellationToken);

    Task DeleteVolumeAsync(string volumeId, CancellationToken cancellationToken);

    Task TagVolumeAsync(string volumeId, IReadOnlyList<Ec2Tag> tags, CancellationToken cancellationToken);

    Task UntagVolumeAsync(string volumeId, IReadOnlyList<string> keys, CancellationToken cancellationToken);
}
