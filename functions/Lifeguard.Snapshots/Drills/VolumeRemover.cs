using Lifeguard.Aws;
using Lifeguard.Snapshots.Adapters;
using Lifeguard.Snapshots.Domain;

namespace Lifeguard.Snapshots.Drills;

/// <summary>
/// Detaches (if attached) and deletes one drill volume. It acts only on a volume it has just read as carrying
/// <see cref="DrillTags.Drill"/>, as IAM also insists; a volume already gone counts as removed.
/// </summary>
public sealed class VolumeRemover(IBlockStorage ec2, IVolumeOperations volumes)
{
    /// <summary>A detach normally ends in seconds; one still in use after this is forced (the volume is thrown away next).</summary>
    private static readonly TimeSpan DetachWait = TimeSpan.FromSeconds(60);

    private readonly VolumeWaiter _waiter = new(ec2);

    /// <param name="force">Force the detach at once: the validation may still be using it (it did not finish).</param>
    /// <returns>Null once the volume is gone; otherwise why it is still there.</returns>
    public async Task<string?> RemoveAsync(string volumeId, bool force, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            var (volume, _) = await _waiter.WaitAsync(volumeId, _ => true, TimeSpan.Zero, time, cancellationToken).ConfigureAwait(false);
            if (volume is null)
            {
                return null;
            }

            if (string.IsNullOrEmpty(volume.Tags.FirstOrDefault(t => t.Key == DrillTags.Drill)?.Value))
            {
                return $"{volumeId} does not carry {DrillTags.Drill}: never touched";
            }

            if (volume.Attachments.Count > 0)
            {
                await DetachAsync(volume, force, cancellationToken).ConfigureAwait(false);
                var (detached, done) = await _waiter.WaitAsync(volumeId, v => v.State == "available", DetachWait, time, cancellationToken).ConfigureAwait(false);
                if (detached is not null && !done && !force)
                {
                    await DetachAsync(detached, force: true, cancellationToken).ConfigureAwait(false);
                    (detached, done) = await _waiter.WaitAsync(volumeId, v => v.State == "available", DetachWait, time, cancellationToken).ConfigureAwait(false);
                }

                if (detached is not null && !done)
                {
                    return $"{volumeId} is still {detached.State} after a forced detach";
                }
            }

            await volumes.DeleteVolumeAsync(volumeId, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (AwsApiException ex) when (ex.ErrorCode == "InvalidVolume.NotFound")
        {
            return null;
        }
        catch (AwsApiException ex)
        {
            return ex.Message;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return "stopped at the deadline";
        }
    }

    private async Task DetachAsync(Volume volume, bool force, CancellationToken cancellationToken)
    {
        foreach (var attachment in volume.Attachments.Where(a => a.State is "attached" or "attaching" || (force && a.State == "detaching")))
        {
            try
            {
                await volumes.DetachVolumeAsync(volume.VolumeId, attachment.InstanceId, force, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsApiException ex) when (ex.ErrorCode is "IncorrectState" or "InvalidAttachment.NotFound")
            {
                // Already detaching or detached.
            }
        }
    }
}
