using System.Globalization;
using Lifeguard.Aws.Route53;
using Lifeguard.Promotion.Adapters;
using Lifeguard.Promotion.Configuration;
using Lifeguard.Promotion.Domain;
using Lifeguard.Runtime.Hosting;

namespace Lifeguard.Promotion.Actions;

/// <summary>A failover request: from an alarm (no overrides) or by hand (a replica to promote, guards overridden by name).</summary>
public sealed record PromoteRequest(ForceSet Force, string? Replica = null);

/// <summary>
/// Promotes a replica when a cluster's master is dead. Steps, each logged, timed and reported:
/// 1 lock (Route 53 CREATE; anti-flap window), 2 confirm the master is dead: this function cannot reach it and the
/// replicas have lost it too (DeadMaster; a master only this function cannot reach is UnreachableMaster and is not
/// promoted away from), 3 choose the most up-to-date eligible replica (refusing rather than losing data), 4 let it
/// apply its relay log (bounded), 5 fence the old master (read only and its clients cut off if it answers; its instance
/// stopped when configured), 6 promote (the replication user made and verified, then replication reset and writes
/// on), 7 repoint the old master's other replicas (GTID) and verify they replicate, 8 move the record (compare and
/// swap), 9 notify. Until step 6 nothing has changed for good: a refusal puts the candidate back as it was.
/// </summary>
public sealed class PromoteAction(PromotionPorts ports, InvocationContext context)
{
    private static readonly TimeSpan DetectionPoll = TimeSpan.FromMilliseconds(500);

    public async Task RunAsync(PromotionRun run, PromoteRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(request);
        var cluster = run.Cluster;
        var policy = cluster.Policy;
        var now = context.Time.GetUtcNow();
        var access = await ClusterAccess.OpenAsync(cluster, ports, context.Time, cancellationToken).ConfigureAwait(false);
        var (lockSet, previous, _, memory, record, topology, problem) = await access.ReadStateAsync(cancellationToken).ConfigureAwait(false);
        if (topology is null)
        {
            run.End("refused", problem);
            return;
        }

        var master = topology.Master;
        run.OldMaster = master;

        // 1. Lock. A master promoted inside the anti-flap window is probed: alive, there is nothing to do; dead, the
        // window refuses (unless overridden), and says so.
        if (previous is { State: PromotionLock.Done } done && done.Candidate == master.Name && now - done.Since < TimeSpan.FromMinutes(policy.AntiFlapMinutes) && !request.Force.Overrides(Guards.AntiFlap))
        {
            var probe = await access.Database.ProbeAsync(master, cancellationToken).ConfigureAwait(false);
            if (probe.Up)
            {
                run.Record("lock", "skipped", TimeSpan.Zero, $"{master.Name} was promoted at {done.Since:u} and {probe.Detail}");
                run.End("already-promoted", $"{master.Name} is the master since the promotion at {done.Since:u} (from {done.OldMaster}) and {probe.Detail}; nothing to do.");
                return;
            }

            var refused = $"{master} does not answer ({probe.Detail}), and it was promoted at {done.Since:u}, inside the anti-flap window of {policy.AntiFlapMinutes} minutes: " +
                $"a second promotion so soon suggests a problem a promotion does not fix. Nothing was changed. {Guards.HowToForce(Guards.AntiFlap)}";
            run.Record("lock", "refused", TimeSpan.Zero, refused);
            run.End("refused", refused);
            return;
        }

        var refusal = PromotionLock.Refusal(previous, now, TimeSpan.FromMinutes(policy.AntiFlapMinutes), request.Force);
        if (refusal is not null)
        {
            run.Record("lock", "refused", TimeSpan.Zero, refusal);
            run.End("refused", refusal);
            // Another run at work reports for itself: a second message would only say it exists.
            run.Notify = previous is not { State: PromotionLock.Running };
            return;
        }

        var resume = previous is { State: PromotionLock.Running } ? previous.Candidate : null;
        var held = run.DryRun ? null : new PromotionLock(PromotionLock.Running, context.RequestId, now, now + context.RemainingTime + TimeSpan.FromSeconds(30),
            Candidate: resume, OldMaster: resume is not null ? previous!.OldMaster ?? master.Name : master.Name, Quarantined: previous?.Quarantined);
        if (held is not null)
        {
            var taken = await run.StepAsync("lock", async () =>
            {
                var ok = await access.Locks.SwapAsync(lockSet, held, cancellationToken).ConfigureAwait(false);
                return (ok, ok ? $"{cluster.Record.LockName} taken until {held.Expires:u}" : "another invocation took the lock first");
            }).ConfigureAwait(false);
            if (!taken)
            {
                run.End("refused", "another promotion of this cluster took the lock first; it carries on, this one does nothing.");
                run.Notify = false;
                return;
            }

            lockSet = access.Locks.Set(held);
        }
        else
        {
            run.Record("lock", "skipped", TimeSpan.Zero, "dry run: the lock is free, not taken");
        }

        var steps = new Steps(ports, context, run, request, access, topology, record!, memory, resume, held, lockSet);
        try
        {
            await steps.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (held is not null)
            {
                // Promoted: "done" starts the anti-flap window and quarantines the old master. Writes may be on at the
                // candidate without the run finishing: "running" with the candidate, already expired, so the next run
                // resumes from it instead of making a second master. Otherwise the lock is as it was.
                var after = steps.Promoted ? steps.Held! with { State = PromotionLock.Done, Since = context.Time.GetUtcNow(), Expires = null, Quarantined = steps.Held!.QuarantineWith(master.Name) }
                    : steps.WritesMayBeOn ? steps.Held! with { Expires = context.Time.GetUtcNow() }
                    : previous;
                using var release = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await access.Locks.SwapAsync(steps.LockSet, after, release.Token).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Steps 2 to 8 under the lock, and what they leave behind for the lock.</summary>
    private sealed class Steps(PromotionPorts ports, InvocationContext context, PromotionRun run, PromoteRequest request, ClusterAccess access, Topology topology, ResourceRecordSet record,
        ReadinessMemory memory, string? resume, PromotionLock? held, ResourceRecordSet? lockSet)
    {
        private readonly IDatabase _database = access.Database;
        private readonly NodeConfig _master = topology.Master;
        private readonly PromotionPolicyConfig _policy = access.Cluster.Policy;

        public bool Promoted { get; private set; }

        public bool WritesMayBeOn { get; private set; }

        /// <summary>The old master answered and was fenced, or its instance is stopping.</summary>
        public bool OldMasterFenced { get; private set; }

        public PromotionLock? Held { get; private set; } = held;

        public ResourceRecordSet? LockSet { get; private set; } = lockSet;

        public async Task RunAsync(CancellationToken cancellationToken)
        {
            var failedAt = context.Time.GetUtcNow();
            var masterAddresses = await TopologyReader.AddressesAsync(_master.Host, cancellationToken).ConfigureAwait(false);

            // 2. Confirm the master is dead: from here, and from its replicas.
            var (detection, reads) = await run.StepAsync("confirm-master-down", async () =>
            {
                var result = await DetectAsync(masterAddresses, cancellationToken).ConfigureAwait(false);
                return (result, result.Detection.Evidence);
            }).ConfigureAwait(false);
            switch (detection.Kind)
            {
                case Failure.MasterAlive when !request.Force.Overrides(Guards.MasterAnswers):
                    run.End("false-alarm", $"{detection.Evidence}; nothing was changed. To replace a live master, use \"action\": \"switchover\". {Guards.HowToForce(Guards.MasterAnswers)}");
                    return;
                case Failure.MasterReadOnly when !request.Force.Overrides(Guards.MasterAnswers):
                    run.End("master-read-only", $"{detection.Evidence}: the application cannot write anywhere. If {_master.Name} is the right master, make it writable " +
                        $"(SET GLOBAL read_only = OFF; and super_read_only on MySQL); Lifeguard changed nothing. {Guards.HowToForce(Guards.MasterAnswers)}");
                    return;
                case Failure.UnreachableMaster or Failure.Undecided when !request.Force.Overrides(Guards.ReplicasSeeMaster):
                    run.End("unreachable-master", $"{detection.Evidence}. Nothing was changed: promoting now would make two writable masters. " +
                        $"Check the network path from Lifeguard to {_master} (security groups, NACLs, routes). {Guards.HowToForce(Guards.ReplicasSeeMaster)}");
                    return;
            }

            // 3. Choose.
            var selection = await run.StepAsync("choose-replica", () =>
            {
                var unreadable = reads.Where(r => r.State is null).ToList();
                if (unreadable.Count > 0 && !request.Force.Overrides(Guards.UnreadableReplica))
                {
                    return Task.FromResult((new Selection(null, [.. unreadable.Select(u => new ReplicaVerdict(u.Node.Name, false, u.Error!))],
                        $"could not read {string.Join("; ", unreadable.Select(u => u.Error))}. Its data may be newer than the others', so nothing was changed. {Guards.HowToForce(Guards.UnreadableReplica)}"), "refused"));
                }

                var chosen = ReplicaSelector.Select(_master, [.. reads.Where(r => r.State is not null).Select(r => r.State!)], _policy,
                    new SelectionContext(masterAddresses, request.Force, failedAt, request.Replica, resume, memory.StoppedSince));
                return Task.FromResult((chosen, chosen.Chosen is { } c ? $"{c.Node} ({c.Version}){(chosen.Resumed ? ", resuming" : "")}" : "none"));
            }).ConfigureAwait(false);
            run.Verdicts = selection.Verdicts;
            if (selection.Chosen is not { } candidate)
            {
                run.End("refused", selection.Refusal);
                return;
            }

            var dialect = candidate.Version.Dialect;
            var others = reads.Where(r => r.State is { } s && s.Node != candidate.Node).Select(r => r.State!).ToList();
            var followers = others.Where(s => s.ReplicatesFrom(_master, masterAddresses) && !s.StoppedOnPurpose).ToList();
            if (run.DryRun)
            {
                run.End("planned", Plan(candidate, followers));
                run.NewMaster = candidate.Node;
                return;
            }

            // 4. Fence the old master before anything else: if it answers at all (it came back, or it was only slow),
            // it takes no more writes from here on, and what it wrote until now is what the candidate must have.
            var fence = await run.StepAsync("fence-old-master", async () =>
            {
                var result = await Fencing.FenceAsync(_database, _master, _policy.StopOldMasterInstance, ports.Instances, cancellationToken).ConfigureAwait(false);
                return (result, result.Detail);
            }).ConfigureAwait(false);
            if (fence is { Answered: true, Fenced: false })
            {
                run.End("refused", $"the old master answers and could not be fenced ({fence.Detail}); nothing was promoted. Fence it, or replace it with a switchover.");
                return;
            }

            OldMasterFenced = fence.Fenced;

            // 5. The candidate applies everything: what the fenced old master wrote, when it answers (receiving kept
            // on, so it gets it); otherwise what it received (receiving stopped first, so that stays still). Whatever
            // ends this run before writes go on sets it receiving again.
            var receivingStopped = false;
            try
            {
                if (!selection.Resumed)
                {
                    receivingStopped = !fence.Answered;
                    if (!await ApplyAsync(candidate, fence, cancellationToken).ConfigureAwait(false))
                    {
                        run.End("refused", $"{candidate.Node} did not apply {(fence.Answered ? "everything the old master wrote" : "its relay log")} within {_policy.RelayApplyTimeoutSeconds} s; " +
                            $"promoting it would drop what it has not applied. Nothing was promoted (it receives again){(fence.Answered ? $"; {_master.Name} stays read only: make it writable by hand if it is to stay the master" : "")}.");
                        return;
                    }
                }
                else
                {
                    run.Record("apply-relay-log", "skipped", TimeSpan.Zero, "promoted (or half promoted) by the interrupted run");
                }

                // 6. Promote: the lock names the candidate first; the replication user is made and verified while
                // it is still a read-only replica; only then replication is reset and writes go on (again, for a
                // candidate an interrupted run left half promoted: every statement is safe to repeat).
                await run.StepAsync("promote", async () => (true, await PromoteAsync(candidate, cancellationToken).ConfigureAwait(false))).ConfigureAwait(false);
                receivingStopped = false;
            }
            finally
            {
                if (receivingStopped && !WritesMayBeOn)
                {
                    await ResumeReceivingAsync(candidate).ConfigureAwait(false);
                }
            }

            run.NewMaster = candidate.Node;

            // 7. Repoint the old master's other replicas (only those) and check each receives from the new master.
            var leftAlone = others.Except(followers).Select(s => s.StoppedOnPurpose
                ? $"{s.Node.Name} had its replication stopped by hand and was left alone"
                : $"{s.Node.Name} replicates from {s.Replication?.SourceHost ?? "nobody"}, not the old master, and was left alone");
            await run.StepAsync("repoint-replicas", async () =>
            {
                var results = await Task.WhenAll(followers.Select(f => Candidates.RepointAsync(access, context.Time, f, candidate, cancellationToken))).ConfigureAwait(false);
                var all = results.Concat(leftAlone).ToList();
                return (true, all.Count == 0 ? "no other replicas" : string.Join("; ", all));
            }).ConfigureAwait(false);

            // 8. Move the record, by compare-and-swap from the value read.
            var cluster = access.Cluster;
            await run.StepAsync("move-record", async () => (true, await Candidates.MoveRecordAsync(access, record, _master, candidate, cancellationToken).ConfigureAwait(false))).ConfigureAwait(false);
            Promoted = true;
            run.End("promoted", $"{candidate.Node} is the master of {cluster.Name}; {cluster.Record.Name} points at it. The old master {_master} is quarantined: " +
                "it is neither a replica nor a candidate until it is rebuilt as a replica of the new master, rejoined by a switchover, or released by hand (\"action\": \"release\")." +
                (OldMasterFenced ? "" : $" WARNING: {_master.Name} did not answer and is NOT fenced: if it comes back writable, clients that still reach it write to it (split brain). " +
                    "The watcher fences it as soon as it answers; stopOldMasterInstance stops its instance now."));
        }

        /// <summary>The master's probe and the replicas' reads, asked again until the replicas agree the master is gone or their slave_net_timeout has passed.</summary>
        private async Task<(Detection Detection, NodeRead[] Reads)> DetectAsync(IReadOnlyList<string> masterAddresses, CancellationToken cancellationToken)
        {
            var time = context.Time;
            var started = time.GetTimestamp();
            var probing = _database.ProbeAsync(_master, cancellationToken);
            var reads = await access.Reader.ReadAsync(topology.Replicas, cancellationToken).ConfigureAwait(false);
            var probe = await probing.ConfigureAwait(false);
            NodeState? masterState = null;
            if (probe.Up)
            {
                masterState = (await access.Reader.ReadAsync(_master, cancellationToken).ConfigureAwait(false)).State;
            }

            // The witnesses: replicas of the master that were receiving until now (one seen stopped earlier lost it for
            // a reason of its own and proves nothing), unless there is no other.
            var ofMaster = reads.Where(r => r.State is { } s && s.ReplicatesFrom(_master, masterAddresses)).Select(r => r.State!).ToList();
            var receiving = ofMaster.Where(s => !memory.StoppedSince.ContainsKey(s.Node.Name)).ToList();
            var first = receiving.Count > 0 ? receiving : ofMaster;
            var bound = FailureDetector.Bound(first, TimeSpan.FromSeconds(_policy.DetectionTimeoutSeconds));
            var last = first;
            while (true)
            {
                var detection = FailureDetector.Classify(probe.Up, probe.Detail, masterState, [.. first.Zip(last)], time.GetElapsedTime(started) >= bound);
                if (detection.Kind != Failure.Undecided)
                {
                    return (detection, reads);
                }

                await Task.Delay(DetectionPoll, time, cancellationToken).ConfigureAwait(false);
                reads = await access.Reader.ReadAsync(topology.Replicas, cancellationToken).ConfigureAwait(false);
                last = [.. first.Select(f => reads.FirstOrDefault(r => r.Node == f.Node)?.State ?? f with { Replication = f.Replication! with { IoState = "Unknown" } })];
            }
        }

        private async Task<bool> ApplyAsync(NodeState candidate, FenceResult fence, CancellationToken cancellationToken) =>
            await run.StepAsync("apply-relay-log", async () =>
            {
                var dialect = candidate.Version.Dialect;
                if (fence.Answered)
                {
                    var written = fence.Written ?? (await _database.ReadStateAsync(_master, cancellationToken).ConfigureAwait(false)).ExecutedGtids;
                    var caughtUp = StatementPlanner.WaitForGtids(dialect, written, _policy.RelayApplyTimeoutSeconds);
                    var reached = await _database.ScalarAsync(candidate.Node, caughtUp.Statement, TimeSpan.FromSeconds(_policy.RelayApplyTimeoutSeconds), cancellationToken).ConfigureAwait(false);
                    if (caughtUp.Succeeded(reached))
                    {
                        await _database.ExecuteAsync(candidate.Node, [StatementPlanner.StopReceiving(dialect)], cancellationToken).ConfigureAwait(false);
                    }

                    return (caughtUp.Succeeded(reached), $"{candidate.Node.Name} applied everything the fenced old master wrote ({written}): {caughtUp.Statement.Text} answered {reached?.ToString(CultureInfo.InvariantCulture) ?? "NULL"}");
                }

                await _database.ExecuteAsync(candidate.Node, [StatementPlanner.StopReceiving(dialect)], cancellationToken).ConfigureAwait(false);
                var status = (await _database.ReadStateAsync(candidate.Node, cancellationToken).ConfigureAwait(false)).Replication
                    ?? throw new InvalidOperationException($"{candidate.Node} stopped replicating while it was being promoted.");
                var wait = StatementPlanner.WaitForApply(dialect, status, _policy.RelayApplyTimeoutSeconds);
                var answer = await _database.ScalarAsync(candidate.Node, wait.Statement, TimeSpan.FromSeconds(_policy.RelayApplyTimeoutSeconds), cancellationToken).ConfigureAwait(false);
                return (wait.Succeeded(answer), $"{wait.Statement.Text} answered {answer?.ToString(CultureInfo.InvariantCulture) ?? "NULL"} (applied up to {status.Received}{(status.UsingGtid ? $", GTID {status.ReceivedGtids}" : "")})");
            }).ConfigureAwait(false);

        private async Task<string> PromoteAsync(NodeState candidate, CancellationToken cancellationToken)
        {
            var credentials = access.Credentials;
            if (Held is { } held)
            {
                (Held, LockSet) = await Candidates.NameAsync(access, held, LockSet, candidate, cancellationToken).ConfigureAwait(false);
            }

            await Candidates.TurnWritesOnAsync(access, candidate, () => WritesMayBeOn = true, cancellationToken).ConfigureAwait(false);
            return $"{candidate.Node} takes writes; replication user '{credentials.ReplicationUsername}' verified (REPLICATION SLAVE)";
        }

        private async Task ResumeReceivingAsync(NodeState candidate)
        {
            try
            {
                using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(_policy.ConnectTimeoutSeconds * 3));
                await _database.ExecuteAsync(candidate.Node, [StatementPlanner.ResumeReceiving(candidate.Version.Dialect)], bounded.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is DatabaseException or TimeoutException or OperationCanceledException)
            {
                run.Record("apply-relay-log", "failed", TimeSpan.Zero, $"{candidate.Node} could not be set receiving again ({ex.Message}): START {(candidate.Version.Dialect == Dialect.MariaDb ? "SLAVE" : "REPLICA")} IO_THREAD there by hand");
            }
        }

        private string Plan(NodeState candidate, IReadOnlyList<NodeState> followers)
        {
            var dialect = candidate.Version.Dialect;
            var credentials = access.Credentials;
            var lines = new List<string>
            {
                $"would promote {candidate.Node} ({candidate.Version}):",
                $"  on {candidate.Node.Name}: {StatementPlanner.StopReceiving(dialect)}; wait for its relay log",
                $"  on {_master.Name}, if it answers: end its client connections; {string.Join("; ", StatementPlanner.Fence(dialect))}{(_policy.StopOldMasterInstance && _master.InstanceId is { } id ? $"; stop instance {id}" : "")}",
                $"  on {candidate.Node.Name}: {string.Join("; ", StatementPlanner.EnsureReplicationUser(credentials.ReplicationUsername, "x").Select(s => s.Text))}; {string.Join("; ", StatementPlanner.Promote(dialect))}",
            };
            lines.AddRange(followers.Select(o => $"  on {o.Node.Name}: {string.Join("; ", StatementPlanner.Repoint(o.Version.Dialect, candidate.Node.Host, candidate.Node.Port, credentials.ReplicationUsername, "x").Select(s => s.Text))}"));
            lines.Add($"  then the record -> {candidate.Node.Host}");
            return string.Join("\n", lines);
        }
    }
}
