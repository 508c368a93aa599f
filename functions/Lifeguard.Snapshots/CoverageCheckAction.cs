using Lifeguard.Aws;
using Lifeguard.Aws.Sns;
using Lifeguard.Runtime.Hosting;
using Lifeguard.Snapshots.Adapters;
using Lifeguard.Snapshots.Domain;

namespace Lifeguard.Snapshots;

/// <summary>
/// `check`: tells what changed since the last run in one message, and only once it is sent writes the state that
/// keeps the next run from telling it again. A message that could not be sent leaves the state as it was, so the
/// next run tells it (once); a state write that fails at worst repeats an alert, never loses one.
/// </summary>
public sealed class CoverageCheckAction(IResourceTagger tagger, INotifier notifier)
{
    private static readonly TimeSpan NotifyTimeout = TimeSpan.FromSeconds(10);

    public async Task<CoverageReport> RunAsync(CoverageReport report, CoverageChanges changes, IReadOnlyList<string> tiers, InvocationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(context);
        report = report with
        {
            Alerted = [.. changes.NewlyUnprotected.Select(c => c.Target.VolumeId), .. changes.NewlyInvalid.Select(i => i.ResourceId)],
            Recovered = [.. changes.Recovered.Select(c => c.Target.VolumeId)],
        };
        foreach (var volume in changes.NewlyUnprotected)
        {
            context.Logger.Unprotected(volume.Target.VolumeId, volume.NewestAt?.ToString("O") ?? "none", TierInterval.Format(volume.Threshold));
        }

        if (report.DryRun)
        {
            return report;
        }

        var writes = new List<(StateTag Tag, string? Value)>();
        if (changes.HasNews)
        {
            var error = await TryNotifyAsync(CoverageNotification.Create(changes, tiers, report.AsOf, context), context).ConfigureAwait(false);
            context.Metrics.Add("CoverageAlertFailed", error is null ? 0 : 1);
            if (error is not null)
            {
                report = report with { AlertFailed = error };
            }
            else
            {
                var since = SnapshotSlot.FormatExpiry(report.AsOf);
                writes.AddRange(changes.NewlyUnprotected.Select(c => (c.Target.State, (string?)since)));
                writes.AddRange(changes.Recovered.Select(c => (c.Target.State, (string?)null)));
                writes.AddRange(changes.NewlyInvalid.Select(i => (new StateTag(i.ResourceId, SnapshotTags.BackupTagInvalid), (string?)Truncate(i.Value))));
            }
        }

        writes.AddRange(changes.Stale.Select(s => (s, (string?)null)));
        var failed = new List<string>();
        foreach (var (tag, value) in writes)
        {
            try
            {
                if (value is null)
                {
                    await tagger.DeleteTagsAsync(tag.ResourceId, [tag.Key], cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await tagger.CreateTagsAsync(tag.ResourceId, [new Ec2Tag(tag.Key, value)], cancellationToken).ConfigureAwait(false);
                }
            }
            catch (AwsApiException ex)
            {
                context.Logger.StateWriteFailed(ex, tag.ResourceId, tag.Key);
                failed.Add($"{tag.ResourceId} {tag.Key}: {ex.Message}");
            }
        }

        return report with { StateFailed = failed };
    }

    /// <summary>Null when sent (or no topic is configured); otherwise why not. Its own timeout, as TryNotifyAsync has.</summary>
    private async Task<string?> TryNotifyAsync(Notification notification, InvocationContext context)
    {
        using var budget = new CancellationTokenSource(NotifyTimeout);
        try
        {
            await notifier.NotifyAsync(notification, budget.Token).ConfigureAwait(false);
            return null;
        }
        catch (Exception ex) when (ex is AwsApiException or HttpRequestException or OperationCanceledException)
        {
            context.Logger.NotifyFailed(ex);
            return $"{ex.GetType().Name}: {ex.Message}; nothing was recorded, the next check tells it again";
        }
    }

    /// <summary>Tag values hold 256 characters; the tag it copies holds no more, this is only a guard.</summary>
    private static string Truncate(string value) => value.Length <= 256 ? value : value[..256];
}
