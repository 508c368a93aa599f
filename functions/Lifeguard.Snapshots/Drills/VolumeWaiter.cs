using Lifeguard.Snapshots.Adapters;
using Lifeguard.Snapshots.Domain;

namespace Lifeguard.Snapshots.Drills;

/// <summary>
/// Polls one volume until a condition holds, on the invocation's clock: pauses of 1, 2, then 5 seconds, for at most
/// <c>within</c>, and never past the caller's token.
/// </summary>
public sealed class VolumeWaiter(IBlockStorage ec2)
{
    /// <returns>The volume once <paramref name="done"/> holds; null when it is gone; the last state seen when time ran out.</returns>
    public async Task<(Volume? Volume, bool Done)> WaitAsync(string volumeId, Func<Volume, bool> done, TimeSpan within, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(done);
        ArgumentNullException.ThrowIfNull(time);
        var until = time.GetUtcNow() + within;
        // Bounded by the clock above and by a count, whichever ends first.
        for (var poll = 0; poll < 1000; poll++)
        {
            // By filter: by id, a volume that is already gone fails the call instead of listing nothing.
            var volume = await ec2.DescribeVolumesAsync(new DescribeRequest { Filters = [new Ec2Filter("volume-id", volumeId)] }, cancellationToken)
                .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            if (volume is null || done(volume))
            {
                return (volume, volume is not null);
            }

            var pause = TimeSpan.FromSeconds(poll switch { 0 => 1, 1 => 2, _ => 5 });
            if (time.GetUtcNow() + pause > until)
            {
                return (volume, false);
            }

            await Task.Delay(pause, time, cancellationToken).ConfigureAwait(false);
        }

        return (null, false);
    }
}
