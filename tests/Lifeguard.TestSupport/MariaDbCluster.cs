using System.Globalization;

namespace Lifeguard.TestSupport;

/// <summary>
/// A MariaDB master and replicas on loopback (127.0.0.21 and up, one address per server, as the master record needs),
/// replicating by GTID, with database app and table orders. The last replica may apply with a delay (a lagging one).
/// </summary>
public sealed class MariaDbCluster : IAsyncDisposable
{
    private MariaDbCluster(IReadOnlyList<MariaDbServer> servers) => Servers = servers;

    public IReadOnlyList<MariaDbServer> Servers { get; }

    public MariaDbServer Master => Servers[0];

    public IReadOnlyList<MariaDbServer> Replicas => [.. Servers.Skip(1)];

    public static async Task<MariaDbCluster> StartAsync(int replicas = 2, int lastReplicaDelaySeconds = 0, int firstAddress = 21)
    {
        var started = await Task.WhenAll(Enumerable.Range(0, replicas + 1).Select(i =>
            MariaDbServer.StartAsync($"db{i + 1}", $"127.0.0.{firstAddress + i}", serverId: i + 1))).ConfigureAwait(false);
        var cluster = new MariaDbCluster(started);
        try
        {
            cluster.Master.Sql("CREATE DATABASE app; CREATE TABLE app.orders (id INT PRIMARY KEY, note VARCHAR(100)) DEFAULT CHARSET = utf8mb3;");
            for (var i = 0; i < replicas; i++)
            {
                cluster.Replicas[i].ReplicateFrom(cluster.Master, i == replicas - 1 ? lastReplicaDelaySeconds : 0);
            }

            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Orders <paramref name="from"/> to <paramref name="from"/> + <paramref name="count"/> - 1, written as the application on <paramref name="server"/> (default the master).</summary>
    public void Write(int from, int count, MariaDbServer? server = null)
    {
        var values = string.Join(", ", Enumerable.Range(from, count).Select(i => string.Create(CultureInfo.InvariantCulture, $"({i}, 'order {i} – €{i}.00')")));
        (server ?? Master).AppSql($"INSERT INTO app.orders VALUES {values}");
    }

    /// <summary>The order ids on <paramref name="server"/>, as one "count:max" string.</summary>
    public static string Orders(MariaDbServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        return server.Sql("SELECT CONCAT(COUNT(*), ':', COALESCE(MAX(id), 0)) FROM app.orders");
    }

    /// <summary>
    /// In <paramref name="moto"/>: zone example.com with the A record <paramref name="recordName"/> pointing at the
    /// master, and the secret <paramref name="secretId"/> with the admin and replication credentials. Returns the zone id.
    /// </summary>
    public async Task<string> PublishAsync(MotoFixture moto, string recordName = "db-master.example.com.", string secretId = "lifeguard/shop")
    {
        ArgumentNullException.ThrowIfNull(moto);
        var zone = await moto.Boto3Async($$$"""
            r53 = client("route53")
            zone = r53.create_hosted_zone(Name="example.com", CallerReference="{{{Guid.NewGuid()}}}")["HostedZone"]["Id"].split("/")[-1]
            r53.change_resource_record_sets(HostedZoneId=zone, ChangeBatch={"Changes": [{"Action": "CREATE", "ResourceRecordSet":
                {"Name": "{{{recordName}}}", "Type": "A", "TTL": 60, "ResourceRecords": [{"Value": "{{{Master.Host}}}"}]}}]})
            client("secretsmanager").create_secret(Name="{{{secretId}}}", SecretString=json.dumps({"username": "{{{MariaDbServer.AdminUser}}}",
                "password": "{{{MariaDbServer.AdminPassword}}}", "replicationUsername": "{{{MariaDbServer.ReplicationUser}}}", "replicationPassword": "{{{MariaDbServer.ReplicationPassword}}}"}))
            out(zone)
            """).ConfigureAwait(false);
        return zone.GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in Servers)
        {
            await server.DisposeAsync().ConfigureAwait(false);
        }
    }
}
