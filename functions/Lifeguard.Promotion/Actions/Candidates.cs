using Lifeguard.Aws.Route53;
using Lifeguard.Promotion.Adapters;
using Lifeguard.Promotion.Configuration;
using Lifeguard.Promotion.Domain;

namespace Lifeguard.Promotion.Actions;

/// <summary>The steps a failover and a switchover share: the new master's replication user, repointing replicas to it, and moving the record.</summary>
public static class Candidates
{
    private static readonly TimeSpan RepointVerify = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Makes and verifies the replication user on the candidate while it is still a read-only replica, before any
    /// write goes on; throws saying that writes were not turned on.
    /// </summary>
    public static async Task EnsureReplicationUserAsync(ClusterAccess access, NodeState candidate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(access);
        ArgumentNullException.ThrowIfNull(candidate);
        var (database, credentials) = (access.Database, access.Credentials);
        try
        {
            await database.ExecuteAsync(candidate.Node, StatementPlanner.EnsureReplicationUser(credentials.ReplicationUsername, credentials.ReplicationPassword, candidate.Version.Dialect), cancellationToken).ConfigureAwait(false);
            var grants = await database.QueryAsync(candidate.Node, StatementPlanner.ReplicationUserGrants(credentials.ReplicationUsername), cancellationToken).ConfigureAwait(false);
            if (!StatementPlanner.CanReplicate(grants.SelectMany(g => g.Values).OfType<string>()))
            {
                throw new InvalidOperationException($"the replication user '{credentials.ReplicationUsername}' cannot replicate after the GRANT: {string.Join("; ", grants.SelectMany(g => g.Values))}");
            }
        }
        catch (Exception ex) when (ex is DatabaseException or TimeoutException or InvalidOperationException)
        {
            throw new InvalidOperationException($"the replication user could not be made on {candidate.Node.Name}: {ex.Message}. Writes were NOT turned on; it is a replica and receives again. " +
                "Give Lifeguard's admin user CREATE USER and GRANT OPTION (or create the user there), then run again.", ex);
        }
    }

    /// <summary>Points <paramref name="follower"/> at the new master by GTID and checks, bounded, that it receives and applies; says what happened (never throws for the server's sake).</summary>
    public static async Task<string> RepointAsync(ClusterAccess access, TimeProvider time, NodeState follower, NodeState candidate, CancellationToken cancellationToken, IReadOnlyList<SqlStatement>? before = null)
    {
        ArgumentNullException.ThrowIfNull(access);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(follower);
        ArgumentNullException.ThrowIfNull(candidate);
        var credentials = access.Credentials;
        var node = follower.Node;
        try
        {
            await access.Database.ExecuteAsync(node, [.. before ?? [], .. StatementPlanner.Repoint(follower.Version.Dialect, candidate.Node.Host, candidate.Node.Port, credentials.ReplicationUsername, credentials.ReplicationPassword)], cancellationToken).ConfigureAwait(false);
            var started = time.GetTimestamp();
            var candidateAddresses = await TopologyReader.AddressesAsync(candidate.Node.Host, cancellationToken).ConfigureAwait(false);
            while (true)
            {
                var read = await access.Reader.ReadAsync(node, cancellationToken).ConfigureAwait(false);
                if (read.State is { } s && s.ReplicatesFrom(candidate.Node, candidateAddresses) && s.Replication!.Receiving && s.Replication.SqlRunning)
                {
                    return $"{node.Name} replicates from {candidate.Node.Name} (IO and SQL running)";
                }

                if (time.GetElapsedTime(started) >= RepointVerify)
                {
                    var status = read.State?.Replication;
                    return $"WARNING: {node.Name} was repointed to {candidate.Node.Name} but is not replicating after {RepointVerify.TotalSeconds:0} s " +
                        $"(IO {status?.IoState ?? "?"}, SQL {(status?.SqlRunning == true ? "Yes" : "No")}{(status?.LastIoError is { Length: > 0 } e ? $": {e}" : read.Error is { } r ? $": {r}" : "")})";
                }

                await Task.Delay(TimeSpan.FromMilliseconds(250), time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is DatabaseException or TimeoutException)
        {
            return $"WARNING: {node.Name} NOT repointed: {ex.Message}";
        }
    }

    /// <summary>Moves the master record from the value read to the new master by compare-and-swap; throws when someone else changed it meanwhile.</summary>
    public static async Task<string> MoveRecordAsync(ClusterAccess access, ResourceRecordSet record, NodeConfig oldMaster, NodeState candidate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(access);
        ArgumentNullException.ThrowIfNull(oldMaster);
        ArgumentNullException.ThrowIfNull(candidate);
        var config = access.Cluster.Record;
        var outcome = await access.Records.SwitchAsync(config, record, candidate.Node.Host, cancellationToken, PromotionHandler.InSyncTimeout).ConfigureAwait(false);
        return outcome.Result == SwitchResult.Conflict
            ? throw new InvalidOperationException($"{config.Name} changed to {outcome.CurrentValue} meanwhile; it was not moved. {candidate.Node.Name} takes writes: point the record at it by hand.")
            : $"{config.Name} {oldMaster.Host} -> {candidate.Node.Host} ({(outcome.Result == SwitchResult.AlreadyDone ? "already there" : outcome.InSync ? "INSYNC" : "PENDING")})";
    }

    /// <summary>The lock names the candidate before anything changes on it, so a run that dies later is finished with it, never doubled.</summary>
    public static async Task<(PromotionLock Held, ResourceRecordSet LockSet)> NameAsync(ClusterAccess access, PromotionLock held, ResourceRecordSet? lockSet, NodeState candidate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(access);
        ArgumentNullException.ThrowIfNull(held);
        ArgumentNullException.ThrowIfNull(candidate);
        if (held.Candidate == candidate.Node.Name && lockSet is not null)
        {
            return (held, lockSet);
        }

        var named = held with { Candidate = candidate.Node.Name };
        return await access.Locks.SwapAsync(lockSet, named, cancellationToken).ConfigureAwait(false)
            ? (named, access.Locks.Set(named))
            : throw new InvalidOperationException("the promotion lock changed under this run (expired and taken by another?); stopping before promoting.");
    }

    /// <summary>The replication user made and verified, then replication reset and writes on; <paramref name="writesMayBeOn"/> is called just before the statements that may turn them on.</summary>
    public static async Task TurnWritesOnAsync(ClusterAccess access, NodeState candidate, Action writesMayBeOn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(access);
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(writesMayBeOn);
        await EnsureReplicationUserAsync(access, candidate, cancellationToken).ConfigureAwait(false);
        writesMayBeOn();
        await access.Database.ExecuteAsync(candidate.Node, StatementPlanner.Promote(candidate.Version.Dialect), cancellationToken).ConfigureAwait(false);
    }
}
