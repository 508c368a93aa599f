using System.Globalization;
using Lifeguard.Promotion.Domain;
using Lifeguard.Runtime.Hosting;

namespace Lifeguard.Promotion.Actions;

/// <summary>
/// The watcher (<c>"action": "watch"</c>, every minute from the schedule): probes whichever server the record points
/// at, at the database level, every watchIntervalSeconds for about a minute, and starts the promotion itself when the
/// master does not answer twice in a row (a status-check alarm takes minutes and never fires for a mysqld crash). It
/// also notes which replicas receive, so a promotion knows how stale each is. Each kind of event is alerted once (and
/// its end once), however many rounds and minutes it lasts.
/// </summary>
public sealed class WatchAction(PromotionPorts ports, InvocationContext context)
{
    private static readonly TimeSpan ConfirmAfter = TimeSpan.FromSeconds(1);

    /// <summary>How long one invocation watches; the schedule starts the next one a minute after this one started.</summary>
    public static readonly TimeSpan Watch = TimeSpan.FromSeconds(55);

    public async Task RunAsync(PromotionRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var access = await ClusterAccess.OpenAsync(run.Cluster, ports, context.Time, cancellationToken).ConfigureAwait(false);
        try
        {
            await WatchAsync(run, access, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A failure that repeats every minute (credentials refused, Route 53 throttling) is told once, not each time.
            var (set, memory) = await access.ReadMemoryAsync(cancellationToken).ConfigureAwait(false);
            run.End("failed", ex.Message);
            await EndAsync(run, access, set, memory, "failed", ex.Message, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task WatchAsync(PromotionRun run, ClusterAccess access, CancellationToken cancellationToken)
    {
        var cluster = run.Cluster;
        var policy = cluster.Policy;
        var time = context.Time;
        var started = time.GetTimestamp();
        var interval = TimeSpan.FromSeconds(policy.WatchIntervalSeconds);
        // Leave time for a promotion that starts in the last round: detection, the relay log and the record.
        var watchFor = Min(Watch, context.RemainingTime - PromotionHandler.Reserve - TimeSpan.FromSeconds(policy.DetectionTimeoutSeconds + policy.RelayApplyTimeoutSeconds + 30));
        var rounds = 0;
        string? master = null;
        while (true)
        {
            rounds++;
            var (_, held, memorySet, memory, _, topology, problem) = await access.ReadStateAsync(cancellationToken).ConfigureAwait(false);
            if (topology is null)
            {
                await EndAsync(run, access, memorySet, memory, "refused", problem!, cancellationToken).ConfigureAwait(false);
                return;
            }

            master = topology.Master.Name;
            run.OldMaster = topology.Master;

            // A promotion or switchover at work: the master is read only or gone on purpose; it reports for itself.
            if (held is { State: PromotionLock.Running } busy && busy.Expires > time.GetUtcNow())
            {
                run.Notify = false;
                run.End("watching", $"a promotion or switchover ({busy.Owner}) is running; the watcher leaves it be.");
                return;
            }

            // An interrupted one that named its candidate: writes may be on there; never advise unfencing the old master.
            if (held is { State: PromotionLock.Running, Candidate: { } named })
            {
                await EndAsync(run, access, memorySet, memory, "interrupted",
                    $"a promotion from {held.OldMaster} to {named} was interrupted after {named} was named; {named} may take writes. Do not make {held.OldMaster} writable. " +
                    $"Finish it by hand: {{\"cluster\": \"{cluster.Name}\", \"force\": [\"master-answers\"]}} resumes with {named}.", cancellationToken).ConfigureAwait(false);
                return;
            }

            // An old master that answers writable is a second master: fenced at once, and said once.
            if (await FenceQuarantinedAsync(run, access, topology, cancellationToken).ConfigureAwait(false) is { } fenced)
            {
                await EndAsync(run, access, memorySet, memory, "old-master-fenced", fenced, cancellationToken).ConfigureAwait(false);
                return;
            }

            var probing = access.Database.ProbeAsync(topology.Master, cancellationToken);
            var replicas = access.Reader.ReadAsync(topology.Replicas, cancellationToken);
            var probe = await probing.ConfigureAwait(false);
            if (!probe.Up)
            {
                await Task.Delay(ConfirmAfter, time, cancellationToken).ConfigureAwait(false);
                probe = await access.Database.ProbeAsync(topology.Master, cancellationToken).ConfigureAwait(false);
            }

            var reads = await replicas.ConfigureAwait(false);
            if (!probe.Up)
            {
                run.Record("watch", "ok", time.GetElapsedTime(started), string.Create(CultureInfo.InvariantCulture, $"round {rounds}: the master {topology.Master} does not answer twice, {ConfirmAfter.TotalSeconds:0} s apart ({probe.Detail}): promoting"));
                await new PromoteAction(ports, context).RunAsync(run, new PromoteRequest(ForceSet.None), cancellationToken).ConfigureAwait(false);
                var (set, latest) = await access.ReadMemoryAsync(cancellationToken).ConfigureAwait(false);
                await EndAsync(run, access, set, latest, run.Outcome, run.Reason ?? "", cancellationToken).ConfigureAwait(false);
                return;
            }

            var state = (await access.Reader.ReadAsync(topology.Master, cancellationToken).ConfigureAwait(false)).State;
            var next = memory.Observe([.. reads.Where(r => r.State is not null).Select(r => (r.Node.Name, r.State!.Replication is { Receiving: true }))], time.GetUtcNow());
            if (state is { } s && (s.ReadOnly || s.Fenced))
            {
                await EndAsync(run, access, memorySet, next, "master-read-only",
                    $"the master {topology.Master} answers but is read only: the application cannot write anywhere. If it is the right master, make it writable (SET GLOBAL read_only = OFF); Lifeguard changed nothing.", cancellationToken).ConfigureAwait(false);
                return;
            }

            // A healthy master: an earlier event is over (said once), and what the replicas do is remembered.
            if (memory.Alerted is { } alerted)
            {
                next = next with { Alerted = null };
                await access.RememberAsync(memorySet, memory, next, cancellationToken).ConfigureAwait(false);
                run.End("recovered", $"the master {topology.Master} answers and takes writes again (after: {alerted}).");
                return;
            }

            await access.RememberAsync(memorySet, memory, next, cancellationToken).ConfigureAwait(false);
            if (time.GetElapsedTime(started) + interval > watchFor)
            {
                break;
            }

            await Task.Delay(interval, time, cancellationToken).ConfigureAwait(false);
        }

        run.Notify = false;
        run.End("watching", string.Create(CultureInfo.InvariantCulture, $"{rounds} rounds over {time.GetElapsedTime(started).TotalSeconds:0} s: the master {master} answered every one."));
    }

    /// <summary>Fences every quarantined old master that answers and takes writes; what was done, or null when none did.</summary>
    private async Task<string?> FenceQuarantinedAsync(PromotionRun run, ClusterAccess access, Topology topology, CancellationToken cancellationToken)
    {
        var found = new List<string>();
        foreach (var old in topology.Quarantined)
        {
            if (await access.Reader.ReadAsync(old, cancellationToken).ConfigureAwait(false) is { State: { Fenced: false } state } && state.Replication is null)
            {
                var result = await Fencing.FenceAsync(access.Database, old, stopInstance: false, ports.Instances, cancellationToken).ConfigureAwait(false);
                found.Add($"{old} answered WRITABLE while quarantined (a second master: clients still reaching it could write there); {result.Detail}");
            }
        }

        if (found.Count > 0)
        {
            run.Record("watch", "ok", TimeSpan.Zero, string.Join("; ", found));
        }

        return found.Count > 0 ? string.Join("; ", found) + $". {topology.Master} stays the master." : null;
    }

    /// <summary>Ends the run; it is told (once) only when the event is not the one already alerted.</summary>
    private static async Task EndAsync(PromotionRun run, ClusterAccess access, Aws.Route53.ResourceRecordSet? set, ReadinessMemory memory, string outcome, string reason, CancellationToken cancellationToken)
    {
        run.End(outcome, reason);
        // A promotion or a fenced old master is an event of its own, told each time; a condition (unreachable, read
        // only, failing) is told when it starts and when it ends.
        var oneShot = run.Outcome is "promoted" or "old-master-fenced";
        var alerted = !run.Notify || oneShot ? memory.Alerted : run.Outcome;
        run.Notify = run.Notify && (oneShot || memory.Alerted != alerted);
        if (memory.Alerted != alerted)
        {
            await access.RememberAsync(set, memory, memory with { Alerted = alerted }, cancellationToken).ConfigureAwait(false);
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
