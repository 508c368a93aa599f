using System.Globalization;
using Lifeguard.Aws.Route53;
using Lifeguard.Aws.SecretsManager;
using Lifeguard.Aws.Sns;
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
/// Promotes a replica when a cluster's master dies. The record (db-master.example.com) says which server is the
/// master; a promotion moves it. Steps, each logged, timed and reported, each safe to repeat:
/// 1 lock (Route 53 CREATE; anti-flap window), 2 confirm from here that the master is down (a master that answers is a
/// false alarm), 3 choose the most up-to-date eligible replica (refusing rather than losing data), 4 let it apply its
/// relay log (bounded), 5 promote it (replication reset, writes on, replication user), 6 fence the old master (read
/// only if it answers; optionally stop its instance), 7 repoint the other replicas (GTID), 8 move the record
/// (compare-and-swap), 9 notify. Until step 5 nothing has changed; a refusal before it leaves everything as it was.
/// </summary>
public sealed class PromotionHandler(PromotionSettings settings, PromotionPorts ports)
{
    private static readonly TimeSpan NotifyTimeout = TimeSpan.FromSeconds(5);

    public async Task<PromotionReport> HandleAsync(PromotionEvent input, InvocationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(context);
        var (cluster, trigger, action, ignored) = Resolve(input);
        var run = new PromotionRun(cluster, trigger, input.DryRun || context.DryRun, context.Time, context.Logger);
        if (ignored is not null)
        {
            run.End("ignored", ignored);
            return run.Report();
        }

        try
        {
            await (action == "fence" ? FenceAfterPromotionAsync(run, context, cancellationToken) : PromoteAsync(run, input, context, cancellationToken)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            context.Logger.Failed(ex, cluster.Name);
            run.End("failed", ex.Message);
        }

        if (!run.DryRun && run.Outcome != "ignored")
        {
            var notified = context.Time.GetTimestamp();
            await ports.Notifier.TryNotifyAsync(PromotionNotification.For(run), ex => context.Logger.NotifyFailed(ex), NotifyTimeout).ConfigureAwait(false);
            run.Record("notify", "ok", context.Time.GetElapsedTime(notified), settings.TopicArn ?? "no topic configured: logs only");
        }

        Metrics(run, context.Metrics);
        return run.Report();
    }

    /// <summary>The cluster, what triggered the run, and the action (promote or fence), or why there is nothing to do.</summary>
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

            return input.Action is "promote" or "fence"
                ? (ByName(input.Cluster), "manual", input.Action, null)
                : throw new InvalidEventException($"action '{input.Action}' must be promote (the default) or fence.");
        }

        if (input.Replica is not null || input.Force || input.Action != "promote")
        {
            throw new InvalidEventException("'replica', 'force' and 'action' are for a run by hand, not in an alarm event.");
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

    /// <summary>The database access, the record reader and the lock of <paramref name="cluster"/>.</summary>
    private async Task<(IDatabase Database, ClusterCredentials Credentials, Route53RecordSwitcher Records, PromotionLockStore Store)> OpenAsync(ClusterConfig cluster, InvocationContext context, CancellationToken cancellationToken)
    {
        var secret = await ports.Secrets.GetSecretValueAsync(cluster.SecretId, cancellationToken).ConfigureAwait(false);
        var credentials = ClusterCredentials.Parse(cluster.SecretId, secret.SecretString);
        var records = new Route53RecordSwitcher(ports.Route53, context.Time);
        return (ports.Database(credentials, TimeSpan.FromSeconds(cluster.Policy.ConnectTimeoutSeconds)), credentials, records, new PromotionLockStore(ports.Route53, records, cluster.Record));
    }

    /// <summary>After a promotion, the old master (if it answers and the record does not point at it) is made read only.</summary>
    private async Task FenceAfterPromotionAsync(PromotionRun run, InvocationContext context, CancellationToken cancellationToken)
    {
        var cluster = run.Cluster;
        var (database, _, records, store) = await OpenAsync(cluster, context, cancellationToken).ConfigureAwait(false);
        var (_, last) = await store.ReadAsync(cancellationToken).ConfigureAwait(false);
        var old = cluster.Nodes.FirstOrDefault(n => n.Name == last?.OldMaster);
        if (old is null || last?.Candidate is null)
        {
            run.End("ignored", "no promotion on record, so no old master to fence.");
            return;
        }

        run.OldMaster = old;
        run.NewMaster = cluster.Nodes.FirstOrDefault(n => n.Name == last.Candidate);
        var record = await records.ReadAsync(cluster.Record.ZoneId, cluster.Record.Name, cluster.Record.Type, cancellationToken).ConfigureAwait(false);
        if (record is { Values: [var value] } && cluster.Record.Holds(old.Host, value))
        {
            run.End("ignored", $"{old} is the master again by the record; it is not fenced.");
            return;
        }

        if (run.DryRun)
        {
            run.End("planned", $"would make {old} read only if it answers: {string.Join("; ", StatementPlanner.Fence(Dialect.MariaDb))} (MariaDB) / {string.Join("; ", StatementPlanner.Fence(Dialect.MySql))} (MySQL)");
            return;
        }

        var (fenced, detail) = await run.StepAsync("fence-old-master", async () =>
        {
            var result = await MakeReadOnlyAsync(database, old, cancellationToken).ConfigureAwait(false);
            return (result, result.Detail);
        }).ConfigureAwait(false);
        run.End(fenced ? "fenced" : "not-fenced", detail);
    }

    private async Task PromoteAsync(PromotionRun run, PromotionEvent input, InvocationContext context, CancellationToken cancellationToken)
    {
        var cluster = run.Cluster;
        var policy = cluster.Policy;
        var now = context.Time.GetUtcNow();
        var (database, credentials, records, store) = await OpenAsync(cluster, context, cancellationToken).ConfigureAwait(false);

        // Which server is the master: the one the record points at.
        var record = await records.ReadAsync(cluster.Record.ZoneId, cluster.Record.Name, cluster.Record.Type, cancellationToken).ConfigureAwait(false);
        var value = record is { Values.Count: 1 } ? record.Values[0] : null;
        var master = cluster.Nodes.FirstOrDefault(n => value is not null && cluster.Record.Holds(n.Host, value));
        if (master is null)
        {
            run.End("refused", record is null
                ? $"the record {cluster.Record.Type} {cluster.Record.Name} does not exist; Lifeguard moves it, it does not create it."
                : $"the record {cluster.Record.Name} holds {string.Join(", ", record.Values)}, which is none of the cluster's servers; it is left alone.");
            return;
        }

        run.OldMaster = master;

        // 1. Lock.
        var (lockSet, previous) = await store.ReadAsync(cancellationToken).ConfigureAwait(false);
        if (previous is { State: PromotionLock.Done } done && done.Candidate == master.Name && now - done.Since < TimeSpan.FromMinutes(policy.AntiFlapMinutes) && !input.Force)
        {
            run.Record("lock", "skipped", TimeSpan.Zero, $"{master.Name} was promoted at {done.Since:u}");
            run.End("already-promoted", $"{master.Name} is the master since the promotion at {done.Since:u} (from {done.OldMaster}); nothing to do.");
            return;
        }

        var refusal = PromotionLock.Refusal(previous, now, TimeSpan.FromMinutes(policy.AntiFlapMinutes), input.Force);
        if (refusal is not null)
        {
            run.Record("lock", "refused", TimeSpan.Zero, refusal);
            run.End("refused", refusal);
            return;
        }

        var resume = previous is { State: PromotionLock.Running } ? previous.Candidate : null;
        var held = run.DryRun ? null : new PromotionLock(PromotionLock.Running, context.RequestId, now, now + context.RemainingTime + TimeSpan.FromSeconds(30), OldMaster: master.Name);
        if (held is not null)
        {
            var taken = await run.StepAsync("lock", async () =>
            {
                var ok = await store.SwapAsync(lockSet, held, cancellationToken).ConfigureAwait(false);
                return (ok, ok ? $"{cluster.Record.LockName} taken until {held.Expires:u}" : "another invocation took the lock first");
            }).ConfigureAwait(false);
            if (!taken)
            {
                run.End("refused", "another promotion of this cluster took the lock first; it carries on, this one does nothing.");
                return;
            }

            lockSet = store.Set(held);
        }
        else
        {
            run.Record("lock", "skipped", TimeSpan.Zero, "dry run: the lock is free, not taken");
        }

        var promoted = false;
        try
        {
            async Task NameCandidate(string candidate)
            {
                if (held is not null)
                {
                    var named = held with { Candidate = candidate };
                    if (!await store.SwapAsync(lockSet, named, cancellationToken).ConfigureAwait(false))
                    {
                        throw new InvalidOperationException("the promotion lock changed under this run (expired and taken by another?); stopping before promoting.");
                    }

                    (held, lockSet) = (named, store.Set(named));
                }
            }

            promoted = await StepsAsync(run, input, database, credentials, records, record!, master, resume, NameCandidate, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (held is not null)
            {
                // Success: "done" starts the anti-flap window. Failure after the replica took writes: "running" with
                // the candidate, already expired, so the next invocation resumes from it. Otherwise as it was.
                var after = promoted ? held with { State = PromotionLock.Done, Since = context.Time.GetUtcNow(), Expires = null }
                    : run.NewMaster is not null ? held with { Expires = context.Time.GetUtcNow() }
                    : previous;
                await store.SwapAsync(lockSet, after, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Steps 2 to 8 under the lock; true when the record moved to the new master.</summary>
    private async Task<bool> StepsAsync(PromotionRun run, PromotionEvent input, IDatabase database, ClusterCredentials credentials, Route53RecordSwitcher records,
        ResourceRecordSet record, NodeConfig master, string? resume, Func<string, Task> lockNames, CancellationToken cancellationToken)
    {
        var cluster = run.Cluster;
        var policy = cluster.Policy;

        // 2. Confirm from here that the master is down.
        var probe = await run.StepAsync("confirm-master-down", async () =>
        {
            var result = await database.ProbeAsync(master, cancellationToken).ConfigureAwait(false);
            return (result, result.Up ? $"{master} {result.Detail}" : $"down: {result.Detail}");
        }).ConfigureAwait(false);
        if (probe.Up && !input.Force)
        {
            run.End("false-alarm", $"the master {master} {probe.Detail} from here; nothing was changed.");
            return false;
        }

        // 3. Read every replica and choose.
        var replicas = cluster.Nodes.Where(n => n != master).ToList();
        (NodeConfig Node, NodeState? State, string? Error)[] reads = [];
        var selection = await run.StepAsync("choose-replica", async () =>
        {
            reads = await Task.WhenAll(replicas.Select(async n =>
            {
                try
                {
                    return (Node: n, State: await database.ReadStateAsync(n, cancellationToken).ConfigureAwait(false), Error: (string?)null);
                }
                catch (Exception ex) when (ex is DatabaseException or TimeoutException)
                {
                    return (Node: n, State: (NodeState?)null, Error: ex.Message);
                }
            })).ConfigureAwait(false);
            var unreadable = reads.Where(r => r.Error is not null).ToList();
            if (unreadable.Count > 0 && !input.Force)
            {
                return (new Selection(null, [.. unreadable.Select(u => new ReplicaVerdict(u.Node.Name, false, u.Error!))],
                    $"could not read {string.Join("; ", unreadable.Select(u => u.Error))}. Its data may be newer than the others', so nothing was changed; invoke with force to promote without it."), "refused");
            }

            var chosen = ReplicaSelector.Select(master, [.. reads.Where(r => r.State is not null).Select(r => r.State!)], policy, input.Replica, input.Force, resume);
            return (chosen, chosen.Chosen is { } c ? $"{c.Node} ({c.Version}){(chosen.Resumed ? ", resuming" : "")}" : "none");
        }).ConfigureAwait(false);
        run.Verdicts = selection.Verdicts;
        if (selection.Chosen is not { } candidate)
        {
            run.End("refused", selection.Refusal);
            return false;
        }

        var dialect = candidate.Version.Dialect;
        var others = replicas.Where(n => n != candidate.Node).ToList();
        if (run.DryRun)
        {
            run.End("planned", Plan(candidate, master, others, credentials));
            run.NewMaster = candidate.Node;
            return false;
        }

        // 4. Let it apply what it received (stopped receiving first, so what it has stays still).
        if (!selection.Resumed)
        {
            var applied = await run.StepAsync("apply-relay-log", async () =>
            {
                await database.ExecuteAsync(candidate.Node, [StatementPlanner.StopReceiving(dialect)], cancellationToken).ConfigureAwait(false);
                var status = (await database.ReadStateAsync(candidate.Node, cancellationToken).ConfigureAwait(false)).Replication
                    ?? throw new InvalidOperationException($"{candidate.Node} stopped replicating while it was being promoted.");
                var wait = StatementPlanner.WaitForApply(dialect, status, policy.RelayApplyTimeoutSeconds);
                var answer = await database.ScalarAsync(candidate.Node, wait.Statement, TimeSpan.FromSeconds(policy.RelayApplyTimeoutSeconds), cancellationToken).ConfigureAwait(false);
                if (!wait.Succeeded(answer))
                {
                    await database.ExecuteAsync(candidate.Node, [StatementPlanner.ResumeReceiving(dialect)], cancellationToken).ConfigureAwait(false);
                }

                return (wait.Succeeded(answer), $"{wait.Statement.Text} answered {answer?.ToString(CultureInfo.InvariantCulture) ?? "NULL"} (applied up to {status.Received}{(status.UsingGtid ? $", GTID {status.ReceivedGtids}" : "")})");
            }).ConfigureAwait(false);
            if (!applied)
            {
                run.End("refused", $"{candidate.Node} did not apply its relay log within {policy.RelayApplyTimeoutSeconds} s; promoting it would drop what it has not applied. Nothing was changed (it receives again).");
                return false;
            }
        }
        else
        {
            run.Record("apply-relay-log", "skipped", TimeSpan.Zero, "already promoted by the interrupted run");
        }

        // 5. Promote: replication off and forgotten, writes on, the replication user in place. The lock names the
        // candidate first, so a run that dies after this resumes with it instead of promoting a second master.
        await run.StepAsync("promote", async () =>
        {
            await lockNames(candidate.Node.Name).ConfigureAwait(false);
            await database.ExecuteAsync(candidate.Node, [.. StatementPlanner.Promote(dialect), .. StatementPlanner.EnsureReplicationUser(credentials.ReplicationUsername, credentials.ReplicationPassword)], cancellationToken).ConfigureAwait(false);
            run.NewMaster = candidate.Node;
            var warning = candidate.LogBin ? "" : "; WARNING: binary logging is off on it, so no replica can replicate from it (set log_bin and restart it)";
            return (true, $"{candidate.Node} takes writes; replication user '{credentials.ReplicationUsername}' granted REPLICATION SLAVE{warning}");
        }).ConfigureAwait(false);

        // 6. Fence the old master, alongside 7 and 8: it was just found down, so this only catches one coming back.
        var fence = run.StepAsync("fence-old-master", () => FenceAsync(database, master, policy, cancellationToken));

        // 7. Repoint the other replicas; one that fails is reported and does not stop the promotion.
        await run.StepAsync("repoint-replicas", async () =>
        {
            var results = await Task.WhenAll(others.Select(async n =>
            {
                try
                {
                    // Its state as read in step 3; one that could not be read then (a forced run) is read now.
                    var state = reads.FirstOrDefault(r => r.Node == n).State ?? await database.ReadStateAsync(n, cancellationToken).ConfigureAwait(false);
                    await database.ExecuteAsync(n, StatementPlanner.Repoint(state.Version.Dialect, candidate.Node.Host, candidate.Node.Port, credentials.ReplicationUsername, credentials.ReplicationPassword), cancellationToken).ConfigureAwait(false);
                    return $"{n.Name} replicates from {candidate.Node.Name}";
                }
                catch (Exception ex) when (ex is DatabaseException or TimeoutException)
                {
                    return $"{n.Name} NOT repointed: {ex.Message}";
                }
            })).ConfigureAwait(false);
            return (true, results.Length == 0 ? "no other replicas" : string.Join("; ", results));
        }).ConfigureAwait(false);

        // 8. Move the record, by compare-and-swap from the value read.
        await run.StepAsync("move-record", async () =>
        {
            var outcome = await records.SwitchAsync(cluster.Record.ZoneId, record, candidate.Node.Host, cluster.Record.Ttl, cluster.Record.WaitForInSync, cancellationToken).ConfigureAwait(false);
            return outcome.Result == SwitchResult.Conflict
                ? throw new InvalidOperationException($"{cluster.Record.Name} changed to {outcome.CurrentValue} while the promotion ran; it was not moved. {candidate.Node.Name} takes writes: point the record at it by hand.")
                : (true, $"{cluster.Record.Name} {master.Host} -> {candidate.Node.Host} ({(outcome.Result == SwitchResult.AlreadyDone ? "already there" : outcome.InSync ? "INSYNC" : "PENDING")})");
        }).ConfigureAwait(false);
        await fence.ConfigureAwait(false);
        run.End("promoted", $"{candidate.Node} is the master of {cluster.Name}; {cluster.Record.Name} points at it. The old master {master} must not rejoin before it is rebuilt or checked for transactions the new master lacks.");
        return true;
    }

    private async Task<(bool, string)> FenceAsync(IDatabase database, NodeConfig master, PromotionPolicyConfig policy, CancellationToken cancellationToken)
    {
        var (_, detail) = await MakeReadOnlyAsync(database, master, cancellationToken).ConfigureAwait(false);
        if (policy.StopOldMasterInstance && master.InstanceId is { } instance)
        {
            var state = await ports.Instances.StopAsync(instance, cancellationToken).ConfigureAwait(false);
            detail += $"; instance {instance} stopping ({state})";
        }

        return (true, detail);
    }

    /// <summary>Makes <paramref name="node"/> read only if it answers; says what happened (it never throws for the server's sake).</summary>
    private static async Task<(bool Fenced, string Detail)> MakeReadOnlyAsync(IDatabase database, NodeConfig node, CancellationToken cancellationToken)
    {
        try
        {
            if (await database.ProbeAsync(node, cancellationToken).ConfigureAwait(false) is { Up: false } down)
            {
                return (false, $"not fenced, it does not answer: {down.Detail}. It is fenced when its alarm returns to OK (or by hand: \"action\": \"fence\")");
            }

            var state = await database.ReadStateAsync(node, cancellationToken).ConfigureAwait(false);
            if (state.ReadOnly)
            {
                return (true, $"{node} answers and is already read only");
            }

            await database.ExecuteAsync(node, StatementPlanner.Fence(state.Version.Dialect), cancellationToken).ConfigureAwait(false);
            return (true, $"{node} answered and is now read only");
        }
        catch (Exception ex) when (ex is DatabaseException or TimeoutException)
        {
            return (false, $"{node} could not be made read only: {ex.Message}");
        }
    }

    private static string Plan(NodeState candidate, NodeConfig master, IReadOnlyList<NodeConfig> others, ClusterCredentials credentials)
    {
        var dialect = candidate.Version.Dialect;
        var lines = new List<string>
        {
            $"would promote {candidate.Node} ({candidate.Version}):",
            $"  on {candidate.Node.Name}: {StatementPlanner.StopReceiving(dialect)}; wait for its relay log; {string.Join("; ", StatementPlanner.Promote(dialect))}; {string.Join("; ", StatementPlanner.EnsureReplicationUser(credentials.ReplicationUsername, "x").Select(s => s.Text))}",
            $"  on {master.Name}, if it answers: {string.Join("; ", StatementPlanner.Fence(dialect))}",
        };
        lines.AddRange(others.Select(o => $"  on {o.Name}: {string.Join("; ", StatementPlanner.Repoint(dialect, candidate.Node.Host, candidate.Node.Port, credentials.ReplicationUsername, "x").Select(s => s.Text))}"));
        lines.Add($"  then the record -> {candidate.Node.Host}");
        return string.Join("\n", lines);
    }

    private static void Metrics(PromotionRun run, MetricsWriter metrics)
    {
        var cluster = metrics.WithDimensions(new KeyValuePair<string, string>("Cluster", run.Cluster.Name));
        cluster.Add("Promotions", run.Outcome == "promoted" ? 1 : 0);
        cluster.Add("PromotionFailures", run.Outcome == "failed" ? 1 : 0);
        cluster.Add("PromotionRefusals", run.Outcome == "refused" ? 1 : 0);
        cluster.Add("PromotionTime", run.Elapsed.TotalMilliseconds, MetricUnit.Milliseconds);
        foreach (var step in run.Steps)
        {
            metrics.WithDimensions(new KeyValuePair<string, string>("Cluster", run.Cluster.Name), new KeyValuePair<string, string>("Step", step.Name))
                .Add("StepTime", step.Ms, MetricUnit.Milliseconds);
        }
    }
}
