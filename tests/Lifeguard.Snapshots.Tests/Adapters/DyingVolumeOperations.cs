using Lifeguard.Snapshots.Adapters;
using Lifeguard.Snapshots.Domain;

namespace Lifeguard.Snapshots.Tests.Adapters;

/// <summary>
/// A drill whose process dies half-way: every call passes to <paramref name="inner"/> until <paramref name="diesAfter"/>
/// (`CreateVolume` or `AttachVolume`) has succeeded; from then on every call throws <see cref="ProcessDiedException"/>, so
/// the drill's own `finally` reaches EC2 no more than a killed process would.
/// </summary>
public sealed class DyingVolumeOperations(IVolumeOperations inner, string diesAfter) : IVolumeOperations
{
    private bool _dead;

    public async Task<Volume> CreateVolumeAsync(CreateVolumeRequest request, CancellationToken cancellationToken)
    {
        ThrowIfDead();
        var volume = await inner.CreateVolumeAsync(request, cancellationToken);
        _dead = diesAfter == "CreateVolume";
        return volume;
    }

    public async Task AttachVolumeAsync(string volumeId, string instanceId, string device, CancellationToken cancellationToken)
    {
        ThrowIfDead();
        await inner.AttachVolumeAsync(volumeId, instanceId, device, cancellationToken);
        _dead = diesAfter == "AttachVolume";
    }

    public Task DetachVolumeAsync(string volumeId, string? instanceId, bool force, CancellationToken cancellationToken)
    {
        ThrowIfDead();
        return inner.DetachVolumeAsync(volumeId, instanceId, force, cancellationToken);
    }

    public Task DeleteVolumeAsync(string volumeId, CancellationToken cancellationToken)
    {
        ThrowIfDead();
        return inner.DeleteVolumeAsync(volumeId, cancellationToken);
    }

    public Task TagVolumeAsync(string volumeId, IReadOnlyList<Ec2Tag> tags, CancellationToken cancellationToken)
    {
        ThrowIfDead();
        return inner.TagVolumeAsync(volumeId, tags, cancellationToken);
    }

    public Task UntagVolumeAsync(string volumeId, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        ThrowIfDead();
        return inner.UntagVolumeAsync(volumeId, keys, cancellationToken);
    }

    private void ThrowIfDead()
    {
        if (_dead)
        {
            throw new ProcessDiedException();
        }
    }
}
