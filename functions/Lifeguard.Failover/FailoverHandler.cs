using Lifeguard.Aws;
using Lifeguard.Aws.Route53;
using Lifeguard.Aws.Ssm;
using Lifeguard.Aws.Sns;
using Lifeguard.Failover.Adapters;
using Lifeguard.Failover.Configuration;
using Lifeguard.Failover.Domain;
using Lifeguard.Runtime.Hosting;
using Lifeguard.Runtime.Metrics;

namespace Lifeguard.Failover;

/// <summary>
/// `check` (every minute): several probe rounds across the minute, every group's targets probed in parallel; a
/// group's record moves only when its active target is down by the hysteresis rule, another is up, and that one
/// passes a probe just before the switch. `status`: one round, nothing changed. `switch`: move a group by hand.
/// The state between invocations is kept beside the record (TXT) or on the address (tags), never in memory.
/// </summary>
public sealed class FailoverHandler(
    FailoverSettings settings,
    Func<FailoverGroup, IFailoverEndpoint> endpointFor,
    IProber prober,
    INotifier notifier,
    ISecondOpinionSource? secondOpinion = null,
    ICommandRunner? commands = null)
{
    /// <summary>How long Route 53's view, once read, serves a run's rounds: its metrics change once a minute.</summary>
    private static readonly TimeSpan OpinionFor = TimeSpan.FromSeconds(30);

    /// <summary>
    /// An intent older than this was not this checker's last move: a run lasts 90 s and a held-back one is dropped after
    /// 2 minutes. A record moved to that target later (by hand, hours on) is someone else's.
    /// </summary>
    private static readonly TimeSpan IntentFor = TimeSpan.FromMinutes(5);

    /// <summary>Outcomes from least to most telling; a group's report shows the most telling of its run.</summary>
    private static readonly string[] OutcomeRank = ["healthy", "unknown-value", "active-failing", "held", "unconfirmed", "all-down", "unchanged", "already-switched", "conflict", "refused", "would-switch", "switched", "error"];

    public async Task<FailoverReport> HandleAsync(FailoverEvent input, InvocationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(context);
        var dryRun = input.DryRun || context.DryRun;
        var groups = SelectGroups(input);
        GroupReport[] reports;
        if (input.Action == "switch")
        {
            var group = groups[0];
            var target = group.Targets.FirstOrDefault(t => t.Name == input.Target)
                ?? throw new InvalidEventException($"target '{input.Target}' is not a target of group '{group.Name}'; it has {string.Join(", ", group.Targets.Select(t => t.Name))}.");
            reports = [await SwitchByHandAsync(group, target, input.Force, dryRun, context, cancellationToken).ConfigureAwait(false)];
        }
        else
        {
            var interval = input.ProbeIntervalSeconds is { } seconds
                ? seconds is >= 0.1 and <= 900 ? TimeSpan.FromSeconds(seconds) : throw new InvalidEventException($"probeIntervalSeconds {seconds} must be from 0.1 to 900.")
                : settings.ProbeInterval;
            var rounds = input.Action == "status" ? 1 : input.Rounds ?? Math.Max(1, (int)Math.Ceiling(settings.CheckWindow / interval));
            if (rounds is < 1 or > 10_000)
            {
                throw new InvalidEventException($"rounds {rounds} must be from 1 to 10000.");
            }

            var mutating = input.Action == "check";
            reports = await Task.WhenAll(groups.Select(g => CheckAsync(g, mutating, rounds, interval, dryRun, context, cancellationToken))).ConfigureAwait(false);
        }

        context.Metrics.Add("GroupErrors", reports.Count(r => r.Outcome == "error"));
        context.Metrics.Add("GroupsAllDown", reports.Count(r => r.Outcome == "all-down"));
        return new FailoverReport(input.Action, dryRun, reports);
    }

    private IReadOnlyList<FailoverGroup> SelectGroups(FailoverEvent input)
    {
        if (input.Action is not ("check" or "status" or "switch"))
        {
            throw new InvalidEventException($"action '{input.Action}' must be check, status or switch.");
        }

        if (input.Action == "switch" && (input.Group is null || input.Target is null))
        {
            throw new InvalidEventException("switch needs 'group' and 'target': {\"action\":\"switch\",\"group\":\"web\",\"target\":\"lb2\"}.");
        }

        if (input.Action != "switch" && (input.Target is not null || input.Force))
        {
            throw new InvalidEventException($"'target' and 'force' belong to action 'switch', not '{input.Action}'.");
        }

        if (input.Group is null)
        {
            return settings.Groups;
        }

        var group = settings.Groups.FirstOrDefault(g => g.Name == input.Group)
            ?? throw new InvalidEventException($"group '{input.Group}' is not configured; the groups are {string.Join(", ", settings.Groups.Select(g => g.Name))}.");
        return [group];
    }

    /// <summary>Loads the group (where it points, its stored state), runs <paramref name="work"/>, and turns a failure into the group's error.</summary>
    private async Task<GroupReport> RunGroupAsync(FailoverGroup group, bool mutating, bool dryRun, InvocationContext context, Func<GroupRun, IFailoverEndpoint, Task> work, CancellationToken cancellationToken)
    {
        var endpoint = endpointFor(group);
        var run = new GroupRun(group, Empty(group, context.Time.GetUtcNow()), context.Logger);
        try
        {
            await LoadAsync(run, endpoint, context, cancellationToken).ConfigureAwait(false);
            if (mutating && !dryRun)
            {
                await SettleIntentAsync(run, context).ConfigureAwait(false);
            }

            await work(run, endpoint).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            context.Logger.GroupFailed(ex, group.Name);
            run.Error = ex.Message;
            Raise(run, "error");
        }

        if (mutating && !dryRun)
        {
            run.EmitGroupMetrics(context.Metrics);
        }

        return run.Report();
    }

    private Task<GroupReport> CheckAsync(FailoverGroup group, bool mutating, int rounds, TimeSpan interval, bool dryRun, InvocationContext context, CancellationToken cancellationToken) =>
        RunGroupAsync(group, mutating, dryRun, context, (run, endpoint) => RoundsAsync(run, endpoint, mutating, rounds, interval, dryRun, context, cancellationToken), cancellationToken);

    private async Task RoundsAsync(GroupRun run, IFailoverEndpoint endpoint, bool mutating, int rounds, TimeSpan interval, bool dryRun, InvocationContext context, CancellationToken cancellationToken)
    {
        var group = run.Group;
        if (run.Active is not null && await endpoint.RepairAsync(dryRun || !mutating, cancellationToken).ConfigureAwait(false) is { } repaired)
        {
            run.Event(repaired);
            if (mutating && !dryRun)
            {
                await NotifyAsync(run, FailoverAlerts.Repaired(run, repaired, context.Time.GetUtcNow()), context).ConfigureAwait(false);
            }
        }

        var time = context.Time;
        var order = group.Targets.Select(t => t.Name).ToList();
        var options = group.Options;
        var reserve = 2 * group.Targets.Max(t => t.Probe.Timeout) + TimeSpan.FromSeconds(2);
        var started = time.GetTimestamp();
        var lastRound = started;
        for (var round = 1; round <= rounds; round++)
        {
            if (round > 1)
            {
                // On the schedule; but a round that ran late does not make the next ones bunch up to catch up:
                // rounds stay at least half an interval apart, so N failures always span real time.
                var wait = Max(interval * (round - 1) - time.GetElapsedTime(started), interval / 2 - time.GetElapsedTime(lastRound));
                if (context.RemainingTime - wait < reserve)
                {
                    run.Event($"stopped after {round - 1} rounds, before the invocation's deadline");
                    break;
                }

                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
                }
            }

            lastRound = time.GetTimestamp();
            await ProbeAllAsync(run, context, cancellationToken).ConfigureAwait(false);
            var now = time.GetUtcNow();
            var result = FailoverPolicy.Round(run.State, run.LatestHealthy(), order, now, options);
            if (run.Current is not null && run.Active is null)
            {
                // Pointed elsewhere by someone on purpose (a maintenance page?): watch, never touch.
                run.State = result.State with { AllDownSince = run.State.AllDownSince, StandbyDown = run.State.StandbyDown };
                Raise(run, "unknown-value");
                continue;
            }

            run.State = result.State;
            if (!mutating)
            {
                Raise(run, run.Latest(run.State.Active)?.Healthy == false ? "active-failing" : "healthy");
                continue;
            }

            await AlertAsync(run, result.Alert, dryRun, context).ConfigureAwait(false);
            foreach (var change in result.Standby)
            {
                await TellAsync(run, FailoverAlerts.Standby(run, group.Targets.First(t => t.Name == change.Target), change.Down, now), dryRun, context).ConfigureAwait(false);
            }

            var decision = result.Decision;
            if (decision.Kind == DecisionKind.Switch && group.ConfirmWith is not null
                && SecondOpinion.Refusal(run.Active is null ? null : run.State.Active, !run.ActiveUp, decision.Target!, await OpinionsAsync(run, context, cancellationToken).ConfigureAwait(false)) is { } refusal)
            {
                run.EventOnce($"{decision.Reason}, but {refusal}: not switching until both agree");
                Raise(run, "unconfirmed");
                if (run.State.UnconfirmedSince is null)
                {
                    // Told once per episode: a dead active that the second opinion keeps in place must not be silent.
                    run.State = run.State with { UnconfirmedSince = now };
                    await TellAsync(run, FailoverAlerts.Unconfirmed(run, decision.Reason, refusal, now), dryRun, context).ConfigureAwait(false);
                }

                continue;
            }

            run.State = run.State with { UnconfirmedSince = null };

            if (decision.Kind == DecisionKind.Switch)
            {
                var target = group.Targets.First(t => t.Name == decision.Target);
                run.Event($"round {round}: {decision.Reason}");
                if (await SwitchAsync(run, endpoint, target, force: false, $"because {decision.Reason}", dryRun, context, cancellationToken).ConfigureAwait(false) == "would-switch")
                {
                    break;
                }
            }
            else
            {
                Raise(run, decision.Kind == DecisionKind.AllDown ? "all-down" : run.ActiveUp ? "healthy" : "held");
                if (decision.Kind == DecisionKind.Hold && !run.ActiveUp)
                {
                    run.Event($"round {round}: {decision.Reason}");
                }
            }
        }

        if (!mutating && group.ConfirmWith is not null)
        {
            // The report shows both views.
            await OpinionsAsync(run, context, cancellationToken).ConfigureAwait(false);
        }

        await Task.WhenAll(run.Hooks).ConfigureAwait(false);
        if (mutating && !dryRun)
        {
            await SaveAsync(run, endpoint, context, cancellationToken).ConfigureAwait(false);
        }
    }

    private Task<GroupReport> SwitchByHandAsync(FailoverGroup group, TargetConfig target, bool force, bool dryRun, InvocationContext context, CancellationToken cancellationToken) =>
        RunGroupAsync(group, mutating: true, dryRun, context, async (run, endpoint) =>
        {
            if (run.Active == target)
            {
                run.Event($"{group.Subject} already points at {target.Name}");
                Raise(run, "unchanged");
                return;
            }

            await SwitchAsync(run, endpoint, target, force, "by hand", dryRun, context, cancellationToken).ConfigureAwait(false);
            await Task.WhenAll(run.Hooks).ConfigureAwait(false);
            if (!dryRun)
            {
                await SaveAsync(run, endpoint, context, cancellationToken).ConfigureAwait(false);
            }
        }, cancellationToken);

    /// <summary>Probes <paramref name="target"/> (unless forced) and moves the record to it; returns the outcome raised.</summary>
    private async Task<string> SwitchAsync(GroupRun run, IFailoverEndpoint endpoint, TargetConfig target, bool force, string why, bool dryRun, InvocationContext context, CancellationToken cancellationToken)
    {
        var group = run.Group;
        var byHand = why == "by hand";
        ProbeResult? probe = null;
        if (!force)
        {
            probe = await ProbeAsync(run, target, context, cancellationToken).ConfigureAwait(false);
            if (!probe.Healthy)
            {
                run.Event($"{target.Name} failed its probe just before the switch ({probe.Detail}): not switching");
                run.State = run.State with { Targets = new Dictionary<string, TargetHealth>(run.State.Targets) { [target.Name] = run.State.Targets[target.Name].Observe(false, probe.At, group.Options) } };
                return Raise(run, byHand ? "refused" : "held");
            }
        }

        if (byHand)
        {
            // The operator vouches for the target (and it passed its probe, unless forced): it starts as up.
            run.State = run.State with { Targets = new Dictionary<string, TargetHealth>(run.State.Targets) { [target.Name] = new(true, 0, 0, context.Time.GetUtcNow()) } };
        }

        var fromValue = run.Current ?? "(nothing)";
        if (dryRun)
        {
            run.Event($"dry run: would move {group.Subject} from {fromValue} to {target.Name} ({target.Value}) {why}");
            return Raise(run, "would-switch");
        }

        // The intent is stored before anything moves: a switch whose answer, alert or state write is lost is still
        // found to be this checker's by the next run. Another run's write in the meantime means this one decided on
        // old evidence: it does not act.
        run.State = run.State with { Intent = new SwitchIntent(target.Name, context.Time.GetUtcNow()) };
        if (await SaveAsync(run, endpoint, context, cancellationToken).ConfigureAwait(false))
        {
            run.State = run.State with { Intent = null };
            run.Event($"another run wrote the state of {group.Name} meanwhile: not switching on what may be old evidence");
            return Raise(run, "conflict");
        }

        var outcome = await endpoint.SwitchAsync(run.Current, target.Value, cancellationToken).ConfigureAwait(false);
        var now = context.Time.GetUtcNow();
        var from = run.Active;
        run.Current = outcome.CurrentValue;
        run.Active = outcome.CurrentValue is null ? null : group.Targets.FirstOrDefault(t => endpoint.Matches(t.Value, outcome.CurrentValue));
        run.State = run.State with { Active = run.Active?.Name ?? string.Empty, Intent = null };
        switch (outcome.Result)
        {
            case SwitchResult.Switched:
                // Told first, then saved: a failed write must not leave the switch untold (the next run would find no
                // intent to finish). The cooldown starts now; the target left behind was told to be down by this alert.
                run.Event($"moved {group.Subject} from {fromValue} to {target.Name} ({target.Value}) {why}");
                context.Metrics.Add("Switches", 1);
                run.Switches++;
                await NotifyAsync(run, FailoverAlerts.Switched(run, from, fromValue, target, probe, outcome, why, now), context).ConfigureAwait(false);
                // The hooks run beside the rounds and the state write (a failed write cannot skip them); the run waits
                // for them before it ends.
                run.Hooks.Add(RunHooksAsync(run, from, target, context, cancellationToken));
                run.State = run.State with { LastSwitch = now, AllDownSince = null, UnconfirmedSince = null, StandbyDown = LeftBehind(run) };
                await SaveAsync(run, endpoint, context, cancellationToken).ConfigureAwait(false);
                return Raise(run, "switched");
            case SwitchResult.AlreadyDone:
                // Its alert named the targets it left behind down; none of them is a fresh standby alert here. A move just
                // made by another checker starts the cooldown here too, whatever this run's write meets in the store.
                run.State = run.State with { StandbyDown = LeftBehind(run), LastSwitch = now };
                run.Event($"{group.Subject} already points at {target.Name}: another checker moved it first");
                return Raise(run, "already-switched");
            default:
                run.Event($"{group.Subject} was changed by someone else to {outcome.CurrentValue ?? "(nothing)"}: respecting it, nothing changed");
                return Raise(run, "conflict");
        }
    }

    /// <summary>
    /// Route 53's view of the group, read when a switch needs it (and for status), then kept for <see cref="OpinionFor"/>.
    /// A failed read is an unknown view, which confirms nothing.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, SecondOpinion>> OpinionsAsync(GroupRun run, InvocationContext context, CancellationToken cancellationToken)
    {
        if (run.Opinions is { } kept && context.Time.GetUtcNow() - kept.At < OpinionFor)
        {
            return kept.Views;
        }

        IReadOnlyDictionary<string, SecondOpinion> views;
        try
        {
            views = await (secondOpinion ?? throw new InvalidOperationException("no Route 53 view is configured (LIFEGUARD_ROUTE53_HEALTH_CHECKS)"))
                .ReadAsync(run.Group, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Counted as the group's error (its alarm): a second opinion that cannot be read blocks every switch.
            run.EventOnce($"Route 53's view could not be read: {ex.Message}");
            run.Error ??= $"Route 53's view could not be read: {ex.Message}";
            Raise(run, "error");
            views = new Dictionary<string, SecondOpinion>();
        }

        run.Opinions = (context.Time.GetUtcNow(), views);
        return views;
    }

    /// <summary>
    /// The group's hooks after a switch, on the new target and on the one left behind at once; each outcome goes in the
    /// report. Waiting ends with the hook's timeout or a few seconds before the invocation's deadline, whichever is first:
    /// a hook still running then is reported as such. Nothing here can undo the switch.
    /// </summary>
    private async Task RunHooksAsync(GroupRun run, TargetConfig? from, TargetConfig to, InvocationContext context, CancellationToken cancellationToken)
    {
        if (run.Group.Hooks is not { } hooks || commands is null)
        {
            return;
        }

        var wait = TimeSpan.FromSeconds(hooks.TimeoutSeconds);
        // Room left after the hooks for the last rounds' state write.
        var left = context.RemainingTime - TimeSpan.FromSeconds(10);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(left < wait ? (left > TimeSpan.Zero ? left : TimeSpan.Zero) : wait);
        await Task.WhenAll(
            HookAsync(run, hooks.OnNew, to, "new", wait, context, deadline.Token),
            HookAsync(run, hooks.OnOld, from, "old", wait, context, deadline.Token)).ConfigureAwait(false);
    }

    private async Task HookAsync(GroupRun run, string? document, TargetConfig? target, string role, TimeSpan wait, InvocationContext context, CancellationToken cancellationToken)
    {
        if (document is null || target?.InstanceId is not { } instance)
        {
            return;
        }

        string outcome;
        var ok = false;
        try
        {
            var result = await commands!.RunDocumentAsync(instance, document, wait, $"Lifeguard {run.Group.Name}: {role} active after a switch", cancellationToken).ConfigureAwait(false);
            ok = result.Succeeded;
            var output = result.Output.Trim();
            outcome = $"{result.Status}{(result.ExitCode is { } code ? $", exit {code}" : string.Empty)}{(output.Length > 0 ? $": {(output.Length > 200 ? output[^200..] : output)}" : string.Empty)}";
        }
        catch (OperationCanceledException)
        {
            outcome = $"sent; no result within {wait.TotalSeconds:0} s or before this run's deadline";
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            outcome = $"not run: {ex.Message}";
        }

        run.Event($"hook {document} on the {role} target {target.Name} ({instance}): {outcome}");
        context.Metrics.Add("HookFailures", ok ? 0 : 1);
    }

    /// <summary>After a switch, every target left behind down counts as told (the switch alert's evidence said so); each is told once when it is back.</summary>
    private static SortedSet<string> LeftBehind(GroupRun run) =>
        new(run.State.Targets.Where(t => t.Key != run.State.Active && !t.Value.Up).Select(t => t.Key), StringComparer.Ordinal);

    /// <summary>
    /// A stored intent is a switch some run began and did not finish telling: if the endpoint now holds its target and
    /// no later switch is recorded, it was this checker's (its answer, alert or state write was lost): told now, with its
    /// cooldown. Otherwise it never happened, and is dropped.
    /// </summary>
    private async Task SettleIntentAsync(GroupRun run, InvocationContext context)
    {
        if (run.State.Intent is not { } intent)
        {
            return;
        }

        run.State = run.State with { Intent = null };
        if (run.Active?.Name != intent.Target || run.State.LastSwitch >= intent.At || context.Time.GetUtcNow() - intent.At > IntentFor)
        {
            run.Event($"a switch to {intent.Target} begun at {intent.At:HH:mm:ss} did not happen, or not as this checker's last move");
            return;
        }

        run.State = run.State with { LastSwitch = intent.At, AllDownSince = null, StandbyDown = LeftBehind(run) };
        var notification = FailoverAlerts.Found(run, intent, context.Time.GetUtcNow());
        run.Event(notification.SmsText);
        context.Metrics.Add("Switches", 1);
        run.Switches++;
        await NotifyAsync(run, notification, context).ConfigureAwait(false);
        // Whether its hooks ran is unknown; they are safe to repeat. The target it left is unknown too.
        run.Hooks.Add(RunHooksAsync(run, null, run.Active!, context, CancellationToken.None));
    }

    /// <summary>Reads what the endpoint points at and the stored state.</summary>
    private static async Task LoadAsync(GroupRun run, IFailoverEndpoint endpoint, InvocationContext context, CancellationToken cancellationToken)
    {
        var group = run.Group;
        run.Current = await endpoint.ReadAsync(cancellationToken).ConfigureAwait(false);
        if (run.Current is null && group.Record is not null)
        {
            throw new InvalidOperationException($"The record {group.Subject} does not exist in zone {group.Record.ZoneId}; Lifeguard moves a record, it does not create one.");
        }

        run.Active = run.Current is null ? null : group.Targets.FirstOrDefault(t => endpoint.Matches(t.Value, run.Current));
        var entries = await endpoint.LoadStateAsync(cancellationToken).ConfigureAwait(false);
        run.State = GroupStateCodec.Decode(entries, run.Active?.Name ?? string.Empty, group.Targets.Select(t => t.Name), context.Time.GetUtcNow());
        run.Saved = GroupStateCodec.Encode(run.State);
        if (run.Current is null)
        {
            run.Event($"{group.Subject} is not associated: it goes to the first healthy target");
        }
        else if (run.Active is null)
        {
            run.Event($"{group.Subject} holds {run.Current}, which is no configured target: watching only, it is left as it is");
        }
    }

    /// <summary>
    /// Writes the state if it changed, by compare-and-swap. When another run wrote it meanwhile, this run's state is
    /// merged with the stored one (the later switch and its cooldown kept) and written again; returns whether that
    /// happened, so a run about to act on what it saw knows its view may be old.
    /// </summary>
    private static async Task<bool> SaveAsync(GroupRun run, IFailoverEndpoint endpoint, InvocationContext context, CancellationToken cancellationToken)
    {
        var merged = false;
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            if (GroupStateCodec.Same(GroupStateCodec.Encode(run.State), run.Saved))
            {
                return merged;
            }

            // The write names its run: two checkers that saw the same things write different records, so the read-back
            // after a lost answer tells whose write is stored.
            var next = run.State with { Generation = run.State.Generation + 1, Writer = context.RequestId };
            var entries = GroupStateCodec.Encode(next);
            if (await endpoint.SaveStateAsync(entries, cancellationToken).ConfigureAwait(false))
            {
                run.State = next;
                run.Saved = entries;
                return merged;
            }

            merged = true;
            var stored = GroupStateCodec.Decode(await endpoint.LoadStateAsync(cancellationToken).ConfigureAwait(false), run.State.Active, run.Group.Targets.Select(t => t.Name), context.Time.GetUtcNow());
            run.State = run.State.MergedWith(stored);
            run.Event($"another run wrote the state meanwhile (write {stored.Generation}): merged, the later switch kept");
        }

        throw new InvalidOperationException($"The state of group {run.Group.Name} changed under every one of 3 writes: another checker is writing it all the time.");
    }

    private async Task ProbeAllAsync(GroupRun run, InvocationContext context, CancellationToken cancellationToken) =>
        await Task.WhenAll(run.Group.Targets.Select(t => ProbeAsync(run, t, context, cancellationToken))).ConfigureAwait(false);

    private async Task<ProbeResult> ProbeAsync(GroupRun run, TargetConfig target, InvocationContext context, CancellationToken cancellationToken)
    {
        var result = await prober.ProbeAsync(target.Probe, cancellationToken).ConfigureAwait(false);
        run.Record(target.Name, result);
        var metrics = run.Metrics(target.Name, context.Metrics);
        metrics.Add("ProbeLatency", result.LatencyMs, MetricUnit.Milliseconds);
        metrics.Add("ProbeHealthy", result.Healthy ? 1 : 0);
        return result;
    }

    private async Task AlertAsync(GroupRun run, GroupAlert alert, bool dryRun, InvocationContext context)
    {
        var now = context.Time.GetUtcNow();
        var notification = alert switch
        {
            GroupAlert.AllDown => FailoverAlerts.AllDown(run, now),
            GroupAlert.Recovered => FailoverAlerts.Recovered(run, now),
            _ => null,
        };
        if (notification is null)
        {
            return;
        }

        await TellAsync(run, notification, dryRun, context).ConfigureAwait(false);
    }

    /// <summary>Every alert of a group goes out here, so the group's Alerts metric counts them all.</summary>
    private async Task NotifyAsync(GroupRun run, Notification notification, InvocationContext context)
    {
        Interlocked.Increment(ref run.Alerts);
        await notifier.TryNotifyAsync(notification, context.Logger.NotifyFailed).ConfigureAwait(false);
    }

    private async Task TellAsync(GroupRun run, Notification notification, bool dryRun, InvocationContext context)
    {
        run.Event(notification.SmsText);
        if (!dryRun)
        {
            await NotifyAsync(run, notification, context).ConfigureAwait(false);
        }
    }

    private static string Raise(GroupRun run, string outcome)
    {
        if (Array.IndexOf(OutcomeRank, outcome) > Array.IndexOf(OutcomeRank, run.Outcome))
        {
            run.Outcome = outcome;
        }

        return outcome;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static GroupState Empty(FailoverGroup group, DateTimeOffset now) =>
        new(string.Empty, group.Targets.ToDictionary(t => t.Name, _ => TargetHealth.Unknown(now)), null);
}
