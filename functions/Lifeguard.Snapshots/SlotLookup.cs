using Lifeguard.Aws;
using Lifeguard.Snapshots.Adapters;
using Lifeguard.Snapshots.Domain;

namespace Lifeguard.Snapshots;

/// <summary>
/// After a CreateSnapshot(s) answer that was lost (it may have taken effect), finds what it made by the slot's tags
/// before anything is reported as failed or made again. DescribeSnapshots is eventually consistent: a snapshot made a
/// moment ago may not be listed yet, so the look-up is repeated a few times with growing pauses.
/// </summary>
public static class SlotLookup
{
    /// <summary>Pauses between look-ups: four look-ups within about 7 s, a small part of the run's time.</summary>
    public static readonly IReadOnlyList<TimeSpan> Pauses = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)];

    /// <summary>
    /// The snapshots matching <paramref name="filters"/>, looked up until at least <paramref name="expected"/> are
    /// listed, the pauses are used up, or the deadline comes; throws <paramref name="uncertain"/>, saying nothing was
    /// found, when none is listed.
    /// </summary>
    public static async Task<IReadOnlyList<Snapshot>> FindAsync(
        IBlockStorage ec2, AwsApiException uncertain, IReadOnlyList<Ec2Filter> filters, int expected, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ec2);
        ArgumentNullException.ThrowIfNull(uncertain);
        var request = new DescribeRequest { Owners = ["self"], Filters = filters };
        List<Snapshot> found = [];
        var lookups = 0;
        while (lookups <= Pauses.Count)
        {
            // Each look-up goes out even after the deadline token fired: its answer tells a snapshot from a failure.
            found = await ec2.DescribeSnapshotsAsync(request, CancellationToken.None).ToListAsync(CancellationToken.None).ConfigureAwait(false);
            lookups++;
            if (found.Count >= expected || lookups > Pauses.Count)
            {
                break;
            }

            try
            {
                await Task.Delay(Pauses[lookups - 1], time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Out of time: report what is listed so far rather than nothing.
                break;
            }
        }

        return found.Count > 0
            ? found
            : throw new AwsApiException(uncertain.Service, uncertain.Operation, uncertain.StatusCode, uncertain.ErrorCode,
                $"{uncertain.ErrorMessage}; no snapshot of this slot was listed after {lookups} look-up(s), so none is taken to have been made",
                uncertain.RequestId, mayHaveTakenEffect: false, uncertain);
    }
}
