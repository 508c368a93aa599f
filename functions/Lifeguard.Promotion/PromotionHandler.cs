using System.Text.Json;
using Lifeguard.Aws.Route53;
using Lifeguard.Aws.SecretsManager;
using Lifeguard.Aws.Sns;
using Lifeguard.Promotion.Actions;
using Lifeguard.Promotion.Adapters;
using Lifeguard.Promotion.Configuration;
using Lifeguard.Promotion.Domain;
using Lifeguard.Runtime.Events;
using Lifeguard.Runtime.Hosting;
using Lifeguard.Runtime.Metrics;

namespace Lifeguard.Promotion;

/// <summary>The AWS side of a promotion, and how to reach a cluster's servers with its credentials.</summary>
public sealed record PromotionPorts(
    ISecretsManagerClient Secrets,
    IRoute53Client Route53,
    IInstanceStopper Instances,
    INotifier Notifier,
    Func<ClusterCredentials, TimeSpan, IDatabase> Database);

/// <summary>
/// Dispatches an event to its action (promote: <see cref="PromoteAction"/>; switchover: <see cref="SwitchoverAction"/>; watch: <see cref="WatchAction"/>; check: <see cref="CheckAction"/>; fence:
/// <see cref="FenceAction"/>; release: <see cref="ReleaseAction"/>), then tells the operators and writes the metrics. The action runs against a
/// deadline that leaves time to notify and release the lock, so a run that runs out of time still says so.
/// </summary>
public sealed class PromotionHandler(PromotionSettings settings, PromotionPorts ports)
{
    private static readonly TimeSpan NotifyTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Kept back from the invocation's time for the notification and the lock's release.</summary>
    public static readonly TimeSpan Reserve = TimeSpan.FromSeconds(25);

    /// <summary>How long a moved record is waited on to be INSYNC; past it the report says PENDING (the record moved all the same).</summary>
    public static readonly TimeSpan InSyncTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The longest a run of <paramref name="policy"/> can take, for the function's timeout: a minute of watching, then
    /// a promotion (detection, the relay log, the connect timeouts of every step, repointing, the INSYNC wait), and
    /// the reserve for notifying and releasing the lock.
    /// </summary>
    public static TimeSpan WorstCase(PromotionPolicyConfig policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return WatchAction.Watch + TimeSpan.FromSeconds(policy.DetectionTimeoutSeconds + policy.RelayApplyTimeoutSeconds + (24 * policy.ConnectTimeoutSeconds) + 15) + InSyncTimeout + Reserve;
    }

    public async Task<PromotionReport> HandleAsync(PromotionEvent input, InvocationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(context);
        var (cluster, trigger, action, ignored) = Resolve(input);
        var force = ParseForce(input.Force);
        var run = new PromotionRun(cluster, trigger, input.DryRun || context.DryRun, context.Time, context.Logger);
        if (ignored is not null)
        {
            run.End("ignored", ignored);
            return run.Report();
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(context.RemainingTime > Reserve + TimeSpan.FromSeconds(1) ? context.RemainingTime - Reserve : context.RemainingTime / 2);
        try
        {
            await (action switch
            {
                "fence" => new FenceAction(ports, context).RunAsync(run, deadline.Token),
                "release" => new ReleaseAction(ports, context).RunAsync(run, input.Node, deadline.Token),
                "check" => new CheckAction(ports, context).RunAsync(run, deadline.Token),
                "watch" => new WatchAction(ports, context).RunAsync(run, deadline.Token),
                "switchover" => new SwitchoverAction(ports, context).RunAsync(run, input.Replica, deadline.Token),
                _ => new PromoteAction(ports, context).RunAsync(run, new PromoteRequest(force, input.Replica), deadline.Token),
            }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            var step = run.Steps is [.., var lastStep] ? lastStep : null;
            run.End("failed", $"the invocation ran out of time{(step is not null ? $" after step {step.Number} {step.Name} ({step.Outcome})" : "")}; the lock was released (or, if writes went on at a candidate, names it so that the next run finishes with it). Raise the function's timeout if this repeats.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            context.Logger.Failed(ex, cluster.Name);
            run.End("failed", ex.Message);
        }

        if (!run.DryRun && run.Outcome != "ignored" && run.Notify)
        {
            var notified = context.Time.GetTimestamp();
            await ports.Notifier.TryNotifyAsync(PromotionNotification.For(run), ex => context.Logger.NotifyFailed(ex), NotifyTimeout).ConfigureAwait(false);
            run.Record("notify", "ok", context.Time.GetElapsedTime(notified), settings.TopicArn ?? "no topic configured: logs only");
        }

        Metrics(run, context.Metrics);
        return run.Report();
    }

    /// <summary>The guards named by <c>force</c>; anything else is refused naming the field and the names.</summary>
    public static ForceSet ParseForce(JsonElement? force)
    {
        if (force is not { } value || value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return ForceSet.None;
        }

        var names = Guards.All.Select(g => $"\"{g}\"");
        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
        {
            throw new InvalidEventException($"force must list the guards it overrides by name, for example \"force\": [\"anti-flap\"]; the names are {string.Join(", ", names)}. " +
                "\"force\": true, which overrode every guard at once, is no longer accepted.");
        }

        var given = value.EnumerateArray().Select(e => e.GetString()!).ToList();
        var unknown = given.Where(g => !Guards.All.Contains(g, StringComparer.Ordinal)).ToList();
        return unknown.Count > 0
            ? throw new InvalidEventException($"force: {string.Join(", ", unknown.Select(u => $"\"{u}\""))} {(unknown.Count == 1 ? "is not a guard" : "are not guards")}; the names are {string.Join(", ", names)}.")
            : new ForceSet(given);
    }

    /// <summary>The cluster, what triggered the run, and the action, or why there is nothing to do.</summary>
    private (ClusterConfig Cluster, string Trigger, string Action, string? Ignored) Resolve(PromotionEvent input)
    {
        ClusterConfig ByName(string name) => settings.Clusters.FirstOrDefault(c => c.Name == name)
            ?? throw new InvalidEventException($"cluster '{name}' is not configured; the clusters are {string.Join(", ", settings.Clusters.Select(c => c.Name))}.");
        var alarm = input.AlarmData ?? (input.DetailType == "CloudWatch Alarm State Change" ? input.Detail : null);
        if (alarm is null)
        {
            if (input.Cluster is null)
            {
                throw new InvalidEventException("give 'cluster' ({\"cluster\":\"shop\",\"dryRun\":true}), or send a CloudWatch alarm event (the alarm action's payload or the EventBridge alarm state change).");
            }

            if (input.Action == "release" && input.Node is null)
            {
                throw new InvalidEventException("node: action release needs the quarantined server to release ({\"cluster\":\"shop\",\"action\":\"release\",\"node\":\"db1\"}).");
            }

            return input.Action is "promote" or "switchover" or "fence" or "release" or "check" or "watch"
                ? (ByName(input.Cluster), input.Action == "watch" ? "watcher" : "manual", input.Action, null)
                : throw new InvalidEventException($"action '{input.Action}' must be promote (the default), switchover, watch, check, fence or release.");
        }

        if (input.Replica is not null || input.Force is not null || input.Node is not null || input.Action != "promote")
        {
            throw new InvalidEventException("'replica', 'force', 'node' and 'action' are for a run by hand, not in an alarm event.");
        }

        var cluster = input.Cluster is not null ? ByName(input.Cluster)
            : settings.Clusters.FirstOrDefault(c => c.AlarmNames.Contains(alarm.AlarmName, StringComparer.Ordinal))
            ?? throw new InvalidEventException($"alarm '{alarm.AlarmName}' belongs to no cluster; list it in a cluster's alarmNames.");
        var trigger = $"alarm {alarm.AlarmName} ({(input.AlarmData is not null ? "alarm action" : "EventBridge")})";
        if (alarm.EnteredAlarm)
        {
            return (cluster, trigger, "promote", null);
        }

        // Back to OK after ALARM: the old master may be back; make sure it takes no writes.
        return alarm.State.Value == AlarmState.Ok && alarm.PreviousState?.Value == AlarmState.Alarm
            ? (cluster, trigger, "fence", null)
            : (cluster, trigger, "none", $"the alarm went from {alarm.PreviousState?.Value ?? "?"} to {alarm.State.Value}; only a transition into ALARM promotes (and back to OK fences an old master).");
    }

    private static void Metrics(PromotionRun run, MetricsWriter metrics)
    {
        // The watcher's and the check's quiet runs are not promotions: they would bury PromotionTime.
        if (run.Outcome is "watching" or "ready" or "not-ready" or "recovered" or "ignored")
        {
            return;
        }

        var cluster = metrics.WithDimensions(new KeyValuePair<string, string>("Cluster", run.Cluster.Name));
        cluster.Add("Promotions", run.Outcome == "promoted" ? 1 : 0);
        cluster.Add("Switchovers", run.Outcome == "switched-over" ? 1 : 0);
        cluster.Add("PromotionFailures", run.Outcome == "failed" ? 1 : 0);
        cluster.Add("PromotionRefusals", run.Outcome is "refused" or "unreachable-master" or "master-read-only" ? 1 : 0);
        if (run.Outcome is not ("promoted" or "switched-over"))
        {
            // Times of fences, refusals and false alarms would stand in for the last promotion's on the dashboard.
            return;
        }

        cluster.Add("PromotionTime", run.Elapsed.TotalMilliseconds, MetricUnit.Milliseconds);
        foreach (var step in run.Steps)
        {
            metrics.WithDimensions(new KeyValuePair<string, string>("Cluster", run.Cluster.Name), new KeyValuePair<string, string>("Step", step.Name))
                .Add("StepTime", step.Ms, MetricUnit.Milliseconds);
        }
    }
}
