using System.Text.Json;
using Lifeguard.Aws.Route53;
using Lifeguard.Aws.SecretsManager;
using Lifeguard.Promotion.Adapters;
using Lifeguard.Promotion.Configuration;
using Lifeguard.TestSupport;

namespace Lifeguard.Promotion.Tests;

/// <summary>
/// Promotions of a real MariaDB cluster (a master and replicas on loopback, the last one applying
/// <paramref name="lastReplicaDelaySeconds"/> late), with the record, the lock and the secret in moto.
/// </summary>
public abstract class PromotionClusterTest(MotoFixture moto, int replicas = 2, int lastReplicaDelaySeconds = 3) : MotoTest(moto), IAsyncLifetime
{
    protected const string RecordName = "db-master.example.com.";
    protected const string AlarmName = "shop-db-master-down";

    protected RecordingNotifier Notifier { get; } = new();

    protected MariaDbCluster Cluster { get; private set; } = null!;

    protected string Zone { get; private set; } = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Cluster = await MariaDbCluster.StartAsync(replicas: replicas, lastReplicaDelaySeconds: lastReplicaDelaySeconds);
        Cluster.Write(1, 50);
        Cluster.Replicas[0].WaitForApplied(Cluster.Master, TimeSpan.FromSeconds(20));
        Zone = await Cluster.PublishAsync(Moto, RecordName);
    }

    public override async Task DisposeAsync() => await Cluster.DisposeAsync();

    protected ClusterConfig Config(PromotionPolicyConfig? policy = null) => new()
    {
        Name = "shop",
        AlarmNames = [AlarmName],
        Record = new RecordConfig { HostedZoneId = Zone, Name = RecordName },
        Master = Node(Cluster.Master),
        Replicas = [.. Cluster.Replicas.Select(Node)],
        SecretId = "lifeguard/shop",
        // 2 s (the default) to read a node: under a loaded CI machine a replica may take over 1 s to answer SHOW SLAVE STATUS.
        Policy = policy ?? new PromotionPolicyConfig { ConnectTimeoutSeconds = 2, RelayApplyTimeoutSeconds = 10 },
    };

    protected static NodeConfig Node(MariaDbServer server) => new() { Name = server.Name, Host = server.Host, Port = server.Port };

    protected async Task<PromotionReport> Handle(PromotionEvent input, ClusterConfig? config = null, IRoute53Client? route53 = null, TimeSpan? budget = null, IInstanceStopper? instances = null, TextWriter? metrics = null)
    {
        var aws = Moto.Configuration();
        var ports = new PromotionPorts(new SecretsManagerClient(aws), route53 ?? new Route53Client(aws), instances ?? new Ec2InstanceStopper(aws), Notifier,
            (credentials, timeout) => new MySqlDatabase(credentials.Username, credentials.Password, timeout));
        var handler = new PromotionHandler(new PromotionSettings { Clusters = [config ?? Config()] }, ports);
        var context = TestContexts.Create("promotion", budget ?? TimeSpan.FromSeconds(60), metrics: metrics);
        var report = await handler.HandleAsync(input, context, CancellationToken.None);
        context.Metrics.Flush();
        return report;
    }

    /// <summary>A run by hand, from its JSON as an operator types it.</summary>
    protected static PromotionEvent Manual(string json) => JsonSerializer.Deserialize(json, PromotionJsonContext.Default.PromotionEvent)!;

    /// <summary>The alarm action's payload (the shared reference event) for this cluster's alarm.</summary>
    protected static PromotionEvent AlarmEvent(string state, string previous)
    {
        var json = File.ReadAllText(Path.Combine(RepositoryPaths.Events, "promotion", "alarm-action.json"))
            .Replace("\"value\": \"ALARM\"", "\"value\": \"@STATE\"", StringComparison.Ordinal)
            .Replace("\"value\": \"OK\"", $"\"value\": \"{previous}\"", StringComparison.Ordinal)
            .Replace("@STATE", state, StringComparison.Ordinal);
        return JsonSerializer.Deserialize(json, PromotionJsonContext.Default.PromotionEvent)!;
    }

    protected async Task<string?> RecordValue() =>
        (await new Route53RecordSwitcher(new Route53Client(Moto.Configuration()), TimeProvider.System).ReadAsync(Zone, RecordName, "A", CancellationToken.None))?.Values.Single();

    protected async Task<IReadOnlyList<string>?> LockValues() =>
        (await new Route53RecordSwitcher(new Route53Client(Moto.Configuration()), TimeProvider.System).ReadAsync(Zone, "_lifeguard-promotion." + RecordName, "TXT", CancellationToken.None))?.Values;

    /// <summary>Each running server's read_only and replication source: what a promotion would change.</summary>
    protected string Topology() => string.Join(" | ", Cluster.Servers.Where(s => s.Running).Select(s =>
        $"{s.Name} ro={s.Sql("SELECT @@read_only")} from={s.SlaveStatus("Master_Port")} io={s.SlaveStatus("Slave_IO_Running")} sql={s.SlaveStatus("Slave_SQL_Running")}"));

    protected static string Describe(PromotionReport report) =>
        $"{report.Outcome}: {report.Reason}\n{string.Join("\n", report.Steps.Select(s => $"{s.Number} {s.Name} {s.Outcome} {s.Ms} ms: {s.Detail}"))}\n{string.Join("\n", report.Replicas?.Select(v => $"{v.Replica}: {v.Reason}") ?? [])}";
}
