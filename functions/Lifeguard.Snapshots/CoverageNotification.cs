using System.Globalization;
using Lifeguard.Aws.Sns;
using Lifeguard.Runtime.Hosting;
using Lifeguard.Snapshots.Domain;

namespace Lifeguard.Snapshots;

/// <summary>One message for everything a check run has to tell, each item once, with what to do about it.</summary>
public static class CoverageNotification
{
    public static Notification Create(CoverageChanges changes, IReadOnlyList<string> tiers, DateTimeOffset now, InvocationContext context)
    {
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(context);
        var counts = new List<string>();
        var sections = new List<string>();
        if (changes.NewlyUnprotected.Count > 0)
        {
            counts.Add($"{changes.NewlyUnprotected.Count} volume(s) unprotected");
            sections.Add("No recent backup (newest snapshot older than twice the volume's shortest tier's interval):\n"
                + string.Join('\n', changes.NewlyUnprotected.Select(c => $"- {Describe(c)}: {Newest(c, now)}; tiers {string.Join(", ", c.Tiers.Select(t => t.Tier))}, alert after {Duration(c.Threshold)}"))
                + "\nWhat to do: look at the snapshot function's last runs and alerts (a failed or throttled run, a volume it may not snapshot, "
                + "a schedule disabled); take a snapshot by hand now if the data matters (events/snapshots/snapshot-volume-now.json). "
                + "You are told again only when the volume is covered.");
        }

        if (changes.Recovered.Count > 0)
        {
            counts.Add($"{changes.Recovered.Count} covered again");
            sections.Add("Covered again:\n" + string.Join('\n', changes.Recovered.Select(c => $"- {Describe(c)}: {Newest(c, now)}")));
        }

        if (changes.NewlyInvalid.Count > 0)
        {
            counts.Add($"{changes.NewlyInvalid.Count} lifeguard:backup tag(s) naming no tier");
            sections.Add($"lifeguard:backup values that name no configured tier (configured: {string.Join(", ", tiers)}; or \"true\" for all):\n"
                + string.Join('\n', changes.NewlyInvalid.Select(i => $"- {i.ResourceId}: \"{i.Value}\" (not a tier: {string.Join(", ", i.Unknown)})"))
                + "\nWhat to do: correct the tag's value; until then the resource is not backed up in the tiers it meant. "
                + "Each value is told once; \"false\" takes a resource out on purpose.");
        }

        var summary = string.Join(", ", counts);
        return new Notification(
            $"Lifeguard backup coverage: {summary}",
            $"Lifeguard coverage: {summary} ({context.Function.Name})",
            $"Backup coverage check {context.RequestId} ({context.Function.Name}) at {SnapshotSlot.FormatExpiry(now)}:\n\n" + string.Join("\n\n", sections),
            Runbook.BackupCoverage);
    }

    private static string Describe(VolumeCoverage coverage)
    {
        var target = coverage.Target;
        var name = target.Name is null ? string.Empty : $" ({target.Name})";
        var on = target.InstanceIds.Count == 0 ? string.Empty : $" on {string.Join(", ", target.InstanceIds)}";
        return target.VolumeId + name + on;
    }

    private static string Newest(VolumeCoverage coverage, DateTimeOffset now) => coverage.NewestAt is { } at
        ? $"newest snapshot {coverage.NewestSnapshotId} taken {Duration(now - at)} ago"
        : "no snapshot of its tiers at all";

    private static string Duration(TimeSpan span) => span.TotalHours >= 48
        ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalDays:0.#} days")
        : string.Create(CultureInfo.InvariantCulture, $"{span.TotalHours:0.#} hours");
}
