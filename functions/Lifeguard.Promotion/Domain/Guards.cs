namespace Lifeguard.Promotion.Domain;

/// <summary>
/// The safeguards a promotion by hand may override, each by its own name (<c>"force": ["anti-flap"]</c>), and each
/// refusal names the one that refused. There is no "force everything": each override is a decision about one risk.
/// </summary>
public static class Guards
{
    /// <summary>The master answers this function: promoting makes two masters (use a switchover instead).</summary>
    public const string MasterAnswers = "master-answers";

    /// <summary>This function cannot reach the master, but replicas still receive from it (UnreachableMaster).</summary>
    public const string ReplicasSeeMaster = "replicas-see-master";

    /// <summary>A replica could not be read: its data may be newer than the chosen one's.</summary>
    public const string UnreadableReplica = "unreadable-replica";

    /// <summary>Another server is writable and replicates from nobody: it may already be a master.</summary>
    public const string SecondWritable = "second-writable";

    /// <summary>A replica that cannot be promoted received more than the chosen one: its extra transactions are lost.</summary>
    public const string ReplicaAhead = "replica-ahead";

    /// <summary>A promotion finished inside the anti-flap window.</summary>
    public const string AntiFlap = "anti-flap";

    /// <summary>The replica is further behind than maxLagSeconds.</summary>
    public const string Lag = "lag";

    /// <summary>The replica stopped receiving from the master before the master failed (or its IO thread is stopped).</summary>
    public const string Stale = "stale";

    /// <summary>The replica's SQL thread is stopped or failing.</summary>
    public const string SqlThread = "sql-thread";

    /// <summary>Binary logging or log_slave_updates/log_replica_updates is off: no replica can replicate from it.</summary>
    public const string NoBinlog = "no-binlog";

    /// <summary>The replica has transactions of its own that the master never wrote (local writes).</summary>
    public const string ErrantTransactions = "errant-transactions";

    /// <summary>The replica is configured with candidate false.</summary>
    public const string NotCandidate = "not-candidate";

    public static IReadOnlyList<string> All { get; } =
        [MasterAnswers, ReplicasSeeMaster, UnreadableReplica, SecondWritable, ReplicaAhead, AntiFlap, Lag, Stale, SqlThread, NoBinlog, ErrantTransactions, NotCandidate];

    /// <summary>The sentence a refusal ends with: how to override just this guard.</summary>
    public static string HowToForce(string guard) => $"To promote anyway, invoke by hand with \"force\": [\"{guard}\"].";
}

/// <summary>The guards a run by hand overrides; empty for an alarm or a watcher.</summary>
public sealed class ForceSet
{
    private readonly HashSet<string> _names;

    public ForceSet(IEnumerable<string> names) => _names = new HashSet<string>(names, StringComparer.Ordinal);

    public static ForceSet None { get; } = new([]);

    public bool Overrides(string guard) => _names.Contains(guard);

    public bool IsEmpty => _names.Count == 0;

    public override string ToString() => string.Join(", ", _names.Order(StringComparer.Ordinal));
}
