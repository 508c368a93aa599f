using Lifeguard.Aws.Sns;
using Lifeguard.Runtime.Hosting;
using Lifeguard.Snapshots.Domain;

namespace Lifeguard.Snapshots.Drills;

/// <summary>
/// The one message a drill run sends, if any: drills that failed, volumes that just became overdue, volumes that pass
/// again, and drill volumes that could not be deleted. A volume that stays overdue is not mentioned again.
/// </summary>
public static class DrillAlert
{
    public static Notification? Compose(IReadOnlyList<DrillOutcome> drills, IReadOnlyList<TargetOutcome> cleanupFailed, IReadOnlyList<DrillStanding> standings, TimeSpan maxAge, InvocationContext context)
    {
        ArgumentNullException.ThrowIfNull(drills);
        ArgumentNullException.ThrowIfNull(cleanupFailed);
        ArgumentNullException.ThrowIfNull(standings);
        ArgumentNullException.ThrowIfNull(context);
        var failed = drills.Where(d => d.Result == DrillOutcome.Failed).ToList();
        var newlyOverdue = standings.Where(s => s.NewlyOverdue).ToList();
        var recovered = standings.Where(s => s.Recovered).ToList();
        var leftBehind = drills.Where(d => d.CleanupProblem is not null).Select(d => new TargetOutcome(d.RestoredVolumeId ?? d.VolumeId, [], d.CleanupProblem))
            .Concat(cleanupFailed).ToList();
        if (failed.Count == 0 && newlyOverdue.Count == 0 && recovered.Count == 0 && leftBehind.Count == 0)
        {
            return null;
        }

        var days = maxAge.TotalDays;
        var sections = new List<string>();
        if (failed.Count > 0)
        {
            sections.Add("Restore drills that failed (the backup may not restore; look before you need it):\n" + string.Join('\n', failed.Select(d =>
                $"- {d.VolumeId} from {d.SnapshotId ?? "(no snapshot)"}: {d.Detail}"
                + (d.Validation is { Reason: { } reason } ? $"\n  validation: {reason}" : string.Empty)
                + (d.Validation is { OutputTail: { Length: > 0 } tail } ? "\n  output:\n    " + tail.Replace("\n", "\n    ", StringComparison.Ordinal) : string.Empty))));
        }

        if (newlyOverdue.Count > 0)
        {
            sections.Add($"No successful restore drill for {days:0.#} days (told once; a recovery message follows when one passes):\n"
                + string.Join('\n', newlyOverdue.Select(s => $"- {s.VolumeId}: last passed {(s.LastPassed is { } at ? SnapshotSlot.FormatExpiry(at) : "never")}")));
        }

        if (recovered.Count > 0)
        {
            sections.Add("Restore drills pass again:\n" + string.Join('\n', recovered.Select(s => $"- {s.VolumeId}: passed {(s.LastPassed is { } at ? SnapshotSlot.FormatExpiry(at) : "now")}")));
        }

        if (leftBehind.Count > 0)
        {
            sections.Add("Drill volumes that could not be deleted (the next run tries again; they cost money until then):\n"
                + string.Join('\n', leftBehind.Select(l => $"- {l.Target}: {l.Detail}")));
        }

        var subject = failed.Count > 0 ? $"Lifeguard: {failed.Count} restore drill(s) failed"
            : newlyOverdue.Count > 0 ? $"Lifeguard: {newlyOverdue.Count} volume(s) without a successful restore drill for {days:0.#} days"
            : leftBehind.Count > 0 ? $"Lifeguard: {leftBehind.Count} restore drill volume(s) not deleted"
            : $"Lifeguard: restore drills pass again for {recovered.Count} volume(s)";
        var sms = $"Lifeguard drills: {failed.Count} failed, {newlyOverdue.Count} newly overdue, {recovered.Count} recovered, {leftBehind.Count} not deleted ({context.Function.Name})";
        var full = $"Restore drill run {context.RequestId} ({context.Function.Name}): "
            + $"{drills.Count(d => d.Result == DrillOutcome.Passed)} passed, {failed.Count} failed, {drills.Count(d => d.Result == DrillOutcome.Skipped)} skipped, "
            + $"{drills.Count(d => d.Result == DrillOutcome.NotReached)} not reached.\n\n" + string.Join("\n\n", sections);
        return new Notification(subject, sms, full, Runbook.RestoreDrills);
    }
}
