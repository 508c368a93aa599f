using Lifeguard.Aws;
using Lifeguard.Snapshots.Adapters;
using Lifeguard.Snapshots.Domain;

namespace Lifeguard.Snapshots.Drills;

/// <summary>
/// Keeps each protected volume's drill standing in its own tags: when its last drill passed, and whether the "overdue"
/// alert went out. Only these keys, and when it was last tried, are ever written to a protected volume (IAM allows no other).
/// </summary>
public sealed class DrillStandingAction(IVolumeOperations volumes)
{
    private static readonly TimeSpan WriteBudget = TimeSpan.FromSeconds(10);

    /// <summary>A drill restored the volume at <paramref name="at"/>; <paramref name="passed"/> says whether it passed too.</summary>
    public async Task RecordAttemptAsync(DrillRun run, string volumeId, DateTimeOffset at, bool passed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var when = SnapshotSlot.FormatExpiry(at);
        List<Ec2Tag> tags = passed ? [new(DrillTags.TriedAt, when), new(DrillTags.PassedAt, when)] : [new(DrillTags.TriedAt, when)];
        await TryAsync(run, volumeId, ct => volumes.TagVolumeAsync(volumeId, tags, ct), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>After the alert was sent: newly overdue volumes are marked alerted, recovered ones unmarked.</summary>
    public async Task RecordAlertsAsync(DrillRun run, IReadOnlyList<DrillStanding> standings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(standings);
        var now = SnapshotSlot.FormatExpiry(run.Time.GetUtcNow());
        foreach (var standing in standings)
        {
            if (standing.NewlyOverdue)
            {
                await TryAsync(run, standing.VolumeId, ct => volumes.TagVolumeAsync(standing.VolumeId, [new(DrillTags.OverdueAlerted, now)], ct), cancellationToken).ConfigureAwait(false);
            }
            else if (standing.Recovered)
            {
                await TryAsync(run, standing.VolumeId, ct => volumes.UntagVolumeAsync(standing.VolumeId, [DrillTags.OverdueAlerted], ct), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// A tag that cannot be written is logged: the standing is then read as before, and at worst an alert repeats. The
    /// write gets a few seconds of its own past the invocation's token, which fires a margin before the real deadline:
    /// a drill that passed just then is still recorded.
    /// </summary>
    private static async Task TryAsync(DrillRun run, string volumeId, Func<CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        using var budget = cancellationToken.IsCancellationRequested ? new CancellationTokenSource(WriteBudget, run.Time) : null;
        var token = budget?.Token ?? cancellationToken;
        try
        {
            await write(token).ConfigureAwait(false);
        }
        catch (AwsApiException ex)
        {
            run.Context.Logger.TagFailed(ex, volumeId);
        }
        catch (OperationCanceledException ex) when (token.IsCancellationRequested)
        {
            run.Context.Logger.TagFailed(ex, volumeId);
        }
    }
}
