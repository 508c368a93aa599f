using Lifeguard.Snapshots.Adapters;
using Lifeguard.Snapshots.Domain;

namespace Lifeguard.Snapshots.Tests.Adapters;

/// <summary>Passes every call to <paramref name="inner"/>, and fires <paramref name="deadline"/> once a CreateVolume has succeeded: the invocation's deadline arriving mid-drill.</summary>
public sealed class CancellingVolumeOperations(IVolumeOperations inner, CancellationTokenSource deadline) : IVolumeOperations
{
    public async Task<Volume> CreateVolumeAsync(CreateVolumeRequest request, CancellationToken cancellationToken)
    {
        var volume = await inner.CreateVolumeAsync(request, cancellationToken);
        await deadline.CancelAsync();
        return volume;
    }

    public Task AttachVolumeAsync(string volumeId, string instanceId, string device, CancellationToken cancellationToken) => inner.AttachVolumeAsync(volumeId, instanceId, device, cancellationToken);

    public Task DetachVolumeAsync(string volumeId, string? instanceId, bool force, CancellationToken cancellationToken) => inner.DetachVolumeAsync(volumeId, instanceId, force, cancellationToken);

    public Task DeleteVolumeAsync(string volumeId, CancellationToken cancellationToken) => inner.DeleteVolumeAsync(volumeId, cancellationToken);

    public Task TagVolumeAsync(string volumeId, IReadOnlyList<Ec2Tag> tags, CancellationToken cancellationToken) => inner.TagVolumeAsync(volumeId, tags, cancellationToken);

    public Task UntagVolumeAsync(string volumeId, IReadOnlyList<string> keys, CancellationToken cancellationToken) => inner.UntagVolumeAsync(volumeId, keys, cancellationToken);
}
