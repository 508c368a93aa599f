using Lifeguard.Promotion.Configuration;
using Lifeguard.Promotion.Domain;

namespace Lifeguard.Promotion.Tests.Domain;

/// <summary>Servers and replica states for the planner and selector tests.</summary>
internal static class Replicas
{
    public static readonly NodeConfig Master = new() { Name = "db1", Host = "10.0.0.1" };

    public static NodeConfig Node(string name, int priority = 0, bool candidate = true) =>
        new() { Name = name, Host = $"10.0.0.{name[^1]}", Priority = priority, Candidate = candidate };

    public static readonly IReadOnlyList<string> MasterAddresses = [Master.Host];

    public static readonly DateTimeOffset FailedAt = new(2026, 12, 2, 3, 0, 0, TimeSpan.Zero);

    /// <summary>The selector's context: the master's address, the guards overridden by name, a replica asked for, an interrupted run's candidate.</summary>
    public static SelectionContext Context(string? requested = null, string? resume = null, IReadOnlyDictionary<string, DateTimeOffset>? stoppedSince = null, params string[] force) =>
        new(MasterAddresses, new ForceSet(force), FailedAt, requested, resume, stoppedSince);

    public static ServerVersion MariaDb { get; } = ServerVersion.Parse("10.11.19-MariaDB-0+deb12u1");

    public static ServerVersion MySql { get; } = ServerVersion.Parse("8.4.2");

    /// <summary>A replica of <see cref="Master"/> that received up to binlog.{file}:{received} and applied up to {applied}.</summary>
    public static NodeState Replica(NodeConfig node, long received, long? applied = null, int file = 3, long? behind = 0, string io = "Connecting",
        bool sql = true, string sqlError = "", NodeConfig? source = null, ServerVersion? version = null) =>
        new(node, version ?? MariaDb, ReadOnly: true, LogBin: true, LogReplicaUpdates: true, new ReplicationStatus
        {
            SourceHost = (source ?? Master).Host,
            SourcePort = (source ?? Master).Port,
            IoState = io,
            SqlRunning = sql,
            Received = new BinlogPosition($"binlog.{file:000000}", received),
            Applied = new BinlogPosition($"binlog.{file:000000}", applied ?? received),
            SecondsBehind = behind,
            LastSqlError = sqlError,
            UsingGtid = true,
            ReceivedGtids = $"0-1-{received}",
        });
}
