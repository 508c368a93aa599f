using System.Text.RegularExpressions;

namespace Lifeguard.Cdk.Configuration;

/// <summary>The restore drill settings' validation (snapshots.drill*).</summary>
public sealed partial record LifeguardConfig
{
    /// <summary>Lambda holds at most 4 KB of environment in all; the command shares it with the other settings.</summary>
    private const int MaxDrillCommandLength = 2048;

    private void ValidateDrills(List<string> errors)
    {
        var s = Snapshots;
        if (!s.DrillEnabled)
        {
            return;
        }

        ValidateSchedule(s.DrillSchedule, "snapshots.drillSchedule", errors);

        if (s.DrillMaxAgeDays is < 1 or > 365)
        {
            errors.Add($"snapshots.drillMaxAgeDays: {s.DrillMaxAgeDays} must be between 1 and 365.");
        }

        if (s.DrillSample is < 1 or > 10_000)
        {
            errors.Add($"snapshots.drillSample: {s.DrillSample} must be between 1 and 10000, or left out to drill every protected volume.");
        }

        if (s.DrillInstanceId is { } instance && !DrillInstancePattern().IsMatch(instance))
        {
            errors.Add($"snapshots.drillInstanceId: '{instance}' is not an instance id such as i-0123456789abcdef0.");
        }

        if (s.DrillCommand is { } command && (string.IsNullOrWhiteSpace(command) || command.Length > MaxDrillCommandLength))
        {
            errors.Add($"snapshots.drillCommand: must be a non-empty shell command of at most {MaxDrillCommandLength} characters (Lambda's environment holds 4 KB), or left out for the default read-only check.");
        }

        if (s.DrillCommand is not null && s.DrillInstanceId is null)
        {
            errors.Add("snapshots.drillCommand: runs on the drill instance, so snapshots.drillInstanceId must be set too.");
        }

        if (s.DrillMissedRunAlarmDays is < 1 or > 7)
        {
            errors.Add($"snapshots.drillMissedRunAlarmDays: {s.DrillMissedRunAlarmDays} must be between 1 and 7 (a CloudWatch alarm looks back at most 7 days).");
        }
    }

    [GeneratedRegex("^i-[0-9a-f]{8,17}$")]
    private static partial Regex DrillInstancePattern();
}
