using Lifeguard.Aws.Route53;
using Lifeguard.Aws.Sns;
using Lifeguard.Failover.Adapters;
using Lifeguard.Failover.Configuration;

namespace Lifeguard.Failover;

/// <summary>The operators' texts: one line for SMS, the whole story with probe evidence for email.</summary>
internal static class FailoverAlerts
{
    /// <param name="from">The target it left, or null when it pointed at no configured target.</param>
    /// <param name="reprobe">The probe just before switching; null when forced by hand.</param>
    /// <param name="why">"because lb1 is down; lb2 is up", "by hand".</param>
    public static Notification Switched(GroupRun run, TargetConfig? from, string fromValue, TargetConfig to, ProbeResult? reprobe, SwitchOutcome outcome, string why, DateTimeOffset now)
    {
        var group = run.Group;
        var fromText = from is null ? fromValue : $"{from.Name} ({from.Value})";
        var sync = group.Record is null ? string.Empty : outcome.InSync ? " Route 53 reports the change INSYNC." : " Route 53 change submitted (not waited for INSYNC).";
        var sms = from is null
            ? $"Lifeguard {group.Name}: {group.Subject} now {to.Name} {to.Value} ({why})"
            : $"Lifeguard {group.Name}: {from.Name} {Latest(run, from)}; {group.Subject} now {to.Name} {to.Value}";
        return new Notification(
            $"Lifeguard: {group.Subject} moved to {to.Name}",
            sms,
            Full(run, now,
                $"{group.Subject} (group {group.Name}) moved from {fromText} to {to.Name} ({to.Value}) at {now:yyyy-MM-ddTHH:mm:ssZ}, {why}.{sync}",
                reprobe is null ? $"{to.Name} was not probed first: the switch was forced." : $"Probe of {to.Name} just before switching: {reprobe.Detail} in {reprobe.LatencyMs:0.#} ms.",
                $"No further automatic switch for {group.CooldownSeconds} s (cooldown); failback: {group.Failback}."),
            Runbook.FailoverSwitched);
    }

    public static Notification AllDown(GroupRun run, DateTimeOffset now)
    {
        var group = run.Group;
        var held = run.Active is { } active ? $"{active.Name} {active.Value}" : run.Current ?? "nothing";
        var causes = string.Join(", ", group.Targets.Select(t => $"{t.Name} {Latest(run, t)}"));
        return new Notification(
            $"Lifeguard: every target of {group.Name} is down",
            $"Lifeguard {group.Name}: ALL DOWN ({causes}); {group.Subject} kept at {held}",
            Full(run, now,
                $"Every target of group {group.Name} is down at {now:yyyy-MM-ddTHH:mm:ssZ}. {group.Subject} is kept at {held}: moving it would not help, and it will not flap.",
                "Lifeguard switches to the first target that comes back up, and says so."),
            Runbook.FailoverAllDown);
    }

    public static Notification Recovered(GroupRun run, DateTimeOffset now)
    {
        var group = run.Group;
        var active = run.Active!;
        return new Notification(
            $"Lifeguard: {group.Name} recovered, {active.Name} is up",
            $"Lifeguard {group.Name}: recovered, {active.Name} {active.Value} is up again",
            Full(run, now, $"{active.Name} ({active.Value}), which {group.Subject} points at, is up again at {now:yyyy-MM-ddTHH:mm:ssZ}, after every target was down."),
            Runbook.FailoverAllDown);
    }

    /// <summary>A target that is not active went down, or came back up: a dead standby is found before it is needed.</summary>
    public static Notification Standby(GroupRun run, TargetConfig target, bool down, DateTimeOffset now)
    {
        var group = run.Group;
        var active = run.Active is { } a ? $"{a.Name} ({a.Value})" : run.Current ?? "nothing";
        return down
            ? new Notification(
                $"Lifeguard: {group.Name} standby {target.Name} is down",
                $"Lifeguard {group.Name}: standby {target.Name} {target.Value} DOWN ({Latest(run, target)}); {group.Subject} stays on {active}",
                Full(run, now,
                    $"{target.Name} ({target.Value}), a standby of group {group.Name}, is down at {now:yyyy-MM-ddTHH:mm:ssZ}. {group.Subject} points at {active}, which is unaffected.",
                    $"Until {target.Name} is up again it cannot take over: if {active} fails too, there is one fewer place to go. Lifeguard says once when it is back."),
                Runbook.FailoverStandby)
            : new Notification(
                $"Lifeguard: {group.Name} standby {target.Name} is up again",
                $"Lifeguard {group.Name}: standby {target.Name} {target.Value} is up again",
                Full(run, now, $"{target.Name} ({target.Value}), a standby of group {group.Name}, is up again at {now:yyyy-MM-ddTHH:mm:ssZ} and can take over. {group.Subject} stays on {active}."),
                Runbook.FailoverStandby);
    }

    /// <summary>Lifeguard's probes would switch, but the second opinion does not agree: the record stays, and the operator should look.</summary>
    public static Notification Unconfirmed(GroupRun run, string reason, string refusal, DateTimeOffset now)
    {
        var group = run.Group;
        return new Notification(
            $"Lifeguard: {group.Name} switch held, Route 53 does not confirm",
            $"Lifeguard {group.Name}: {reason}, but {refusal}; {group.Subject} NOT moved",
            Full(run, now,
                $"At {now:yyyy-MM-ddTHH:mm:ssZ} Lifeguard's probes would move {group.Subject} ({reason}), but {refusal}. The switch waits until both views agree (confirmWith route53).",
                "If Route 53's checkers see the target healthy, the path from Lifeguard to it may be what failed (the checker's network, a security group, a VPC route); if they have no data, the health check or its metrics are the problem.",
                "Told once; Lifeguard switches, and says so, as soon as both agree."),
            Runbook.FailoverUnconfirmed);
    }

    /// <summary>A run of this checker moved the group and ended before it could tell; the next run found it.</summary>
    public static Notification Found(GroupRun run, Domain.SwitchIntent intent, DateTimeOffset now)
    {
        var group = run.Group;
        var to = run.Active!;
        return new Notification(
            $"Lifeguard: {group.Subject} moved to {to.Name}",
            $"Lifeguard {group.Name}: {group.Subject} now {to.Name} {to.Value} (moved {intent.At:HH:mm:ss}Z, told late)",
            Full(run, now,
                $"{group.Subject} (group {group.Name}) was moved to {to.Name} ({to.Value}) at about {intent.At:yyyy-MM-ddTHH:mm:ssZ} by a run of this health check that ended before it could say so; this run found it.",
                $"No further automatic switch for {group.CooldownSeconds} s from then (cooldown); failback: {group.Failback}."),
            Runbook.FailoverSwitched);
    }

    /// <summary>Something drifted from the configuration and was put right (a record's TTL).</summary>
    public static Notification Repaired(GroupRun run, string what, DateTimeOffset now)
    {
        var group = run.Group;
        return new Notification(
            $"Lifeguard: {group.Subject} corrected",
            $"Lifeguard {group.Name}: {what}",
            Full(run, now, $"{what}."),
            Runbook.FailoverCorrected);
    }

    private static string Latest(GroupRun run, TargetConfig target) => run.Latest(target.Name)?.Detail ?? "not probed";

    private static string Full(GroupRun run, DateTimeOffset now, params string[] lines) => string.Join('\n',
    [
        .. lines,
        string.Empty,
        "Probe evidence (newest first):",
        .. run.Evidence().Select(e => "  " + e),
        string.Empty,
        $"Lifeguard health check, {now:yyyy-MM-ddTHH:mm:ssZ}.",
    ]);
}
