using Lifeguard.Aws;
using Lifeguard.Snapshots.Adapters;
using Lifeguard.Snapshots.Domain;

namespace Lifeguard.Snapshots.Drills;

/// <summary>
/// Keeps each protected volume's drill standing in its own tags: when its last drill passed, and whether the "overdue"
/// alert went out. Only those two keys are ever written to a protected volume (IAM allows no other).
/// </summary>
public sealed class DrillStandingAction(IVolumeOperations volumes)
{
    private static readonly TimeSpan WriteBudget = TimeSpan.FromSeconds(10);

    public async Task RecordPassAsync(DrillRun run, string volumeId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        await TryAsync(run, volumeId, ct => volumes.TagVolumeAsync(volumeId, [new(DrillTags.PassedAt, SnapshotSlot.FormatExpiry(at))], ct), cancellationToken).ConfigureAwait(false);
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
