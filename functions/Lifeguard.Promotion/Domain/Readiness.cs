using System.Globalization;
using Lifeguard.Promotion.Configuration;

namespace Lifeguard.Promotion.Domain;

/// <summary>One thing that would make a promotion fail or go wrong; <paramref name="Key"/> is stable across runs (what is alerted once).</summary>
public sealed record Problem(string Key, string Text);

/// <summary>What the readiness check found about a cluster.</summary>
public sealed record ReadinessInput(
    Topology Topology,
    bool MasterUp,
    string MasterDetail,
    NodeState? Master,
    IReadOnlyList<(NodeConfig Node, NodeState? State, string? Error)> Replicas,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Grants,
    long RecordTtl,
    ReadinessMemory Memory,
    DateTimeOffset Now);

/// <summary>
/// Whether a promotion would succeed right now and what it would pick, from the whole topology, without changing
/// anything: the master, each replica's threads, errors, lag and staleness, binary logging and log_slave_updates,
/// read_only, GTID, the heartbeat and reconnect settings fast detection needs, the admin user's privileges and the
/// record's TTL.
/// </summary>
public static class Readiness
{
    /// <summary>orchestrator's advice for fast detection: a 4 s net timeout (heartbeats every 2 s), reconnecting every second.</summary>
    public const int RecommendedNetTimeout = 4;

    public const long RecommendedMaxTtl = 60;

    public static (IReadOnlyList<Problem> Problems, Selection Selection) Evaluate(ReadinessInput input, PromotionPolicyConfig policy, IReadOnlyCollection<string> masterAddresses)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(policy);
        var problems = new List<Problem>();
        var master = input.Topology.Master;
        if (!input.MasterUp)
        {
            problems.Add(new("master", $"the master {master} does not answer: {input.MasterDetail}"));
        }
        else if (input.Master is { } m && (m.ReadOnly || m.Fenced))
        {
            problems.Add(new("master", $"the master {master} is read only: the application cannot write"));
        }
        else if (input.Master is { LogBin: false })
        {
            problems.Add(new("master", $"the master {master} has binary logging off: nothing replicates from it"));
        }

        if (input.RecordTtl > RecommendedMaxTtl)
        {
            problems.Add(new("record-ttl", string.Create(CultureInfo.InvariantCulture,
                $"the master record's TTL is {input.RecordTtl} s: after a promotion, clients keep writing to the old master for up to that long; set it to {RecommendedMaxTtl} s or less")));
        }

        foreach (var (node, state, error) in input.Replicas)
        {
            if (state is null)
            {
                problems.Add(new($"unreadable:{node.Name}", $"{node.Name} cannot be read: {error}"));
                continue;
            }

            problems.AddRange(ReplicaProblems(state, [.. input.Replicas.Select(r => r.State).OfType<NodeState>()], master, masterAddresses, policy, input.Memory, input.Now));
        }

        foreach (var (name, grants) in input.Grants.OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var dialect = input.Replicas.FirstOrDefault(r => r.Node.Name == name).State?.Version.Dialect ?? input.Master?.Version.Dialect ?? Dialect.MariaDb;
            if (MissingPrivileges(grants, dialect) is { Count: > 0 } missing)
            {
                problems.Add(new($"privileges:{name}", $"Lifeguard's admin user lacks {string.Join(", ", missing)} on {name}: a promotion there would fail"));
            }
        }

        var readable = input.Replicas.Where(r => r.State is not null).Select(r => r.State!).ToList();
        var selection = ReplicaSelector.Select(master, readable, policy, new SelectionContext(masterAddresses, ForceSet.None, input.Now, StoppedSince: input.Memory.StoppedSince));
        if (selection.Chosen is null)
        {
            problems.Add(new("selection", $"a promotion now would be refused: {selection.Refusal}"));
        }

        return (problems, selection);
    }

    /// <summary>The privileges a promotion needs that the grants lack (none when it has ALL PRIVILEGES ON *.*).</summary>
    public static IReadOnlyList<string> MissingPrivileges(IReadOnlyList<string> grants, Dialect dialect)
    {
        ArgumentNullException.ThrowIfNull(grants);
        var global = grants.Where(g => g.Contains(" ON *.* ", StringComparison.OrdinalIgnoreCase)).ToList();
        if (global.Any(g => g.Contains("ALL PRIVILEGES", StringComparison.OrdinalIgnoreCase)) && global.Any(g => g.Contains("WITH GRANT OPTION", StringComparison.OrdinalIgnoreCase)))
        {
            return [];
        }

        bool Has(params string[] any) => global.Any(g => any.Any(a => g.Contains(a, StringComparison.OrdinalIgnoreCase)));
        // MariaDB 10.5+ split SUPER into these (10.11 no longer lets SUPER write to a read-only server, so READ_ONLY
        // ADMIN itself is needed there); MySQL 8 has dynamic privileges. SELECT reads mysql.* for SHOW GRANTS FOR.
        (string Name, string[] Any)[] needed = dialect == Dialect.MariaDb
            ?
            [
                ("SELECT", ["SELECT"]), ("CREATE USER", ["CREATE USER"]), ("READ_ONLY ADMIN", ["READ_ONLY ADMIN"]), ("REPLICATION SLAVE ADMIN", ["REPLICATION SLAVE ADMIN", "SUPER"]),
                ("CONNECTION ADMIN", ["CONNECTION ADMIN", "SUPER"]), ("BINLOG ADMIN", ["BINLOG ADMIN", "SUPER"]), ("SLAVE MONITOR", ["SLAVE MONITOR", "REPLICA MONITOR", "REPLICATION CLIENT", "SUPER"]),
                ("PROCESS", ["PROCESS"]), ("REPLICATION SLAVE", ["REPLICATION SLAVE,", "REPLICATION SLAVE ON"]), ("GRANT OPTION", ["WITH GRANT OPTION"]),
            ]
            :
            [
                ("SELECT", ["SELECT"]), ("CREATE USER", ["CREATE USER"]), ("SYSTEM_VARIABLES_ADMIN", ["SYSTEM_VARIABLES_ADMIN", "SUPER"]), ("REPLICATION_SLAVE_ADMIN", ["REPLICATION_SLAVE_ADMIN", "SUPER"]),
                ("CONNECTION_ADMIN", ["CONNECTION_ADMIN", "SUPER"]), ("REPLICATION CLIENT", ["REPLICATION CLIENT"]), ("PROCESS", ["PROCESS"]),
                ("REPLICATION SLAVE", ["REPLICATION SLAVE,", "REPLICATION SLAVE ON"]), ("GRANT OPTION", ["WITH GRANT OPTION"]),
            ];
        return [.. needed.Where(n => !Has(n.Any)).Select(n => n.Name)];
    }

    private static IEnumerable<Problem> ReplicaProblems(NodeState state, IReadOnlyList<NodeState> all, NodeConfig master, IReadOnlyCollection<string> masterAddresses, PromotionPolicyConfig policy, ReadinessMemory memory, DateTimeOffset now)
    {
        var name = state.Node.Name;
        if (!state.ReadOnly)
        {
            yield return new($"writable:{name}", $"{name} is writable: the application (or anyone) can write to a replica, making transactions the master never had (set read_only = ON)");
        }

        if (state.Replication is not { } r)
        {
            yield return new($"replication:{name}", $"{name} replicates from nobody");
            yield break;
        }

        if (!state.ReplicatesFrom(master, masterAddresses))
        {
            yield return new($"replication:{name}", $"{name} replicates from {r.SourceHost}:{r.SourcePort}, not from the master {master}");
            yield break;
        }

        if (!r.Receiving || !r.SqlRunning)
        {
            var since = memory.StoppedSince.TryGetValue(name, out var at) ? string.Create(CultureInfo.InvariantCulture, $" since {at.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z ({(now - at).TotalMinutes:0} min)") : "";
            var io = r.LastIoError.Length > 0 ? $", IO error {r.LastIoErrno}: {r.LastIoError}" : "";
            var sql = r.LastSqlError.Length > 0 ? $", SQL error: {r.LastSqlError}" : "";
            yield return new($"replication:{name}", $"{name} is not replicating from the master{since} (IO {r.IoState}, SQL {(r.SqlRunning ? "Yes" : "No")}{io}{sql})");
        }
        else if (r.SecondsBehind > policy.MaxLagSeconds)
        {
            yield return new($"lag:{name}", string.Create(CultureInfo.InvariantCulture, $"{name} is {r.SecondsBehind} s behind, over maxLagSeconds {policy.MaxLagSeconds}"));
        }

        if (!state.LogBin || !state.LogReplicaUpdates)
        {
            yield return new($"binlog:{name}", $"{name} has {(!state.LogBin ? "binary logging (log_bin)" : state.Version.Dialect == Dialect.MariaDb ? "log_slave_updates" : "log_replica_updates")} off: promoted, the other replicas could not follow it");
        }

        if (!r.UsingGtid)
        {
            yield return new($"gtid:{name}", $"{name} replicates by file and position, not GTID: its replicas cannot be repointed to a new master safely (CHANGE MASTER TO MASTER_USE_GTID = slave_pos)");
        }
        else if (state.Version.Dialect == Dialect.MariaDb && !r.GtidMode.Equals("Slave_Pos", StringComparison.OrdinalIgnoreCase))
        {
            yield return new($"gtid:{name}", $"{name} replicates with MASTER_USE_GTID = {r.GtidMode.ToLowerInvariant()}: use slave_pos (current_pos lets its own writes move its starting point)");
        }
        else if (!state.GtidStrict)
        {
            yield return new($"gtid:{name}", $"{name} has {(state.Version.Dialect == Dialect.MariaDb ? "gtid_strict_mode off: out-of-order or conflicting transactions are not refused, and comparing positions can hide them" : "gtid_mode not ON")}");
        }

        if (state.LocalTransactions(all) is { Count: > 0 } local)
        {
            yield return new($"errant:{name}", $"{name} has transactions the master never wrote (written on it directly: {string.Join(", ", local)})");
        }

        if (state.NetTimeoutSeconds > RecommendedNetTimeout * 3)
        {
            yield return new($"net-timeout:{name}", string.Create(CultureInfo.InvariantCulture,
                $"{name} has slave_net_timeout {state.NetTimeoutSeconds} s: a hung master takes that long to confirm; set {RecommendedNetTimeout} (heartbeats every {RecommendedNetTimeout / 2} s)"));
        }

        if (r.ConnectRetry > 1)
        {
            yield return new($"connect-retry:{name}", string.Create(CultureInfo.InvariantCulture, $"{name} reconnects every {r.ConnectRetry} s: set MASTER_CONNECT_RETRY = 1"));
        }
    }
}
