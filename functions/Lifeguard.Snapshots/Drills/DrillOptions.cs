using System.Text.RegularExpressions;
using Lifeguard.Runtime.Hosting;

namespace Lifeguard.Snapshots.Drills;

/// <summary>The `drill` function's settings, from the environment the CDK construct sets; each error names its variable.</summary>
public sealed partial record DrillOptions
{
    /// <summary>A protected volume without a successful drill for this long is overdue (alerted once, and counted).</summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromDays(14);

    /// <summary>At most this many volumes per run, the longest undrilled first; null for all.</summary>
    public int? Sample { get; init; }

    /// <summary>Where restored volumes are attached and validated through SSM; null: restore only.</summary>
    public string? InstanceId { get; init; }

    /// <summary>The validation to run instead of the default read-only check and mount (LIFEGUARD_DRILL_DEVICE names the device).</summary>
    public string? Command { get; init; }

    /// <summary>How long the validation may run on the instance.</summary>
    public TimeSpan ValidationTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// A drill volume older than this is a crashed run's leftover and is deleted. Longer than any invocation (15 minutes
    /// at most), so a run never deletes the volume of one still going.
    /// </summary>
    public TimeSpan LeftoverAfter { get; init; } = TimeSpan.FromHours(1);

    public string? TopicArn { get; init; }

    public static DrillOptions FromEnvironment(IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var instanceId = environment.GetVariable("LIFEGUARD_DRILL_INSTANCE_ID");
        if (instanceId is not null && !InstanceIdPattern().IsMatch(instanceId))
        {
            throw new InvalidOperationException($"LIFEGUARD_DRILL_INSTANCE_ID='{instanceId}' is not an instance id such as i-0123456789abcdef0.");
        }

        var command = environment.GetVariable("LIFEGUARD_DRILL_COMMAND");
        if (command is not null && string.IsNullOrWhiteSpace(command))
        {
            throw new InvalidOperationException("LIFEGUARD_DRILL_COMMAND is empty; leave it unset for the default read-only check.");
        }

        var sample = (int)environment.GetNumber("LIFEGUARD_DRILL_SAMPLE", 0, 0, 100_000);
        return new DrillOptions
        {
            MaxAge = TimeSpan.FromDays(environment.GetNumber("LIFEGUARD_DRILL_MAX_AGE_DAYS", 14, 1, 3650)),
            Sample = sample == 0 ? null : sample,
            InstanceId = instanceId,
            Command = command,
            ValidationTimeout = TimeSpan.FromSeconds(environment.GetNumber("LIFEGUARD_DRILL_VALIDATION_TIMEOUT_SECONDS", 600, 30, 3600)),
            LeftoverAfter = TimeSpan.FromMinutes(environment.GetNumber("LIFEGUARD_DRILL_LEFTOVER_MINUTES", 60, 20, 7 * 24 * 60)),
            TopicArn = environment.GetVariable("LIFEGUARD_TOPIC_ARN"),
        };
    }

    [GeneratedRegex("^i-[0-9a-f]{8,17}$")]
    private static partial Regex InstanceIdPattern();
}
