using System.Net;
using System.Text.Json.Nodes;
using Lifeguard.TestSupport;

namespace Lifeguard.Bench.ColdStart;

/// <summary>
/// The local servers each function's first invocation talks to, as in the tests and the demo: moto for AWS, two HTTP
/// servers as LB1 and LB2, a MariaDB master and replica. Every invocation is real work that changes nothing, so each run
/// finds the same world: expire (dry run) over two managed snapshots, a failover status (record, state and two probes), a
/// promotion dry run against a live master (a false alarm: secret, record, MySQL handshake), and one small thumbnail job
/// (S3 in and out, libvips, SNS status). The functions reach moto through <see cref="AwsReplay"/> unless told otherwise.
/// </summary>
internal sealed class ColdStartWorld : IAsyncDisposable
{
    private static readonly string[] Functions = ["Lifeguard.Snapshots", "Lifeguard.Failover", "Lifeguard.Jobs", "Lifeguard.Promotion"];
    private readonly List<IAsyncDisposable> _servers = [];
    private readonly MotoFixture _moto = new();
    private AwsReplay? _replay;

    public List<ColdStartScenario> Scenarios { get; } = [];

    /// <summary>How many AWS answers the replay recorded from moto and how many it gave from memory; null with live moto.</summary>
    public (int Recorded, int Replayed)? ReplayCounts => _replay is { } r ? (r.Recorded, r.Replayed) : null;

    public static async Task<ColdStartWorld> StartAsync(Func<string, bool> wanted, bool liveAws)
    {
        var world = new ColdStartWorld();
        try
        {
            await world.BuildAsync(wanted, liveAws).ConfigureAwait(false);
            return world;
        }
        catch
        {
            await world.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in Enumerable.Reverse(_servers))
        {
            await server.DisposeAsync().ConfigureAwait(false);
        }

        if (_replay is not null)
        {
            await _replay.DisposeAsync().ConfigureAwait(false);
        }

        await _moto.DisposeAsync().ConfigureAwait(false);
    }

    private async Task BuildAsync(Func<string, bool> wanted, bool liveAws)
    {
        if (wanted("Lifeguard.Runtime.EchoFunction"))
        {
            Scenarios.Add(new("Lifeguard.Runtime.EchoFunction", "echo", "echo", """{"message":"cold start"}""", new Dictionary<string, string?>(), "\"message\":\"cold start\"", null));
        }

        var aws = Functions.Where(wanted).ToList();
        if (aws.Count == 0)
        {
            return;
        }

        await _moto.InitializeAsync().ConfigureAwait(false);
        if (!liveAws)
        {
            _replay = await AwsReplay.StartAsync(_moto.Endpoint).ConfigureAwait(false);
        }

        if (aws.Contains("Lifeguard.Snapshots"))
        {
            await SnapshotsAsync().ConfigureAwait(false);
        }

        if (aws.Contains("Lifeguard.Failover"))
        {
            await FailoverAsync().ConfigureAwait(false);
        }

        if (aws.Contains("Lifeguard.Jobs"))
        {
            await JobsAsync().ConfigureAwait(false);
        }

        if (aws.Contains("Lifeguard.Promotion"))
        {
            await PromotionAsync().ConfigureAwait(false);
        }
    }

    private Dictionary<string, string?> Environment(params (string Name, string Value)[] settings)
    {
        var environment = new Dictionary<string, string?>(_moto.AwsEnvironment());
        if (_replay is not null)
        {
            environment["AWS_ENDPOINT_URL"] = _replay.Endpoint.ToString().TrimEnd('/');
        }

        foreach (var (name, value) in settings)
        {
            environment[name] = value;
        }

        return environment;
    }

    private async Task SnapshotsAsync()
    {
        await _moto.Boto3Async("""
            import time
            ec2 = client("ec2")
            v = ec2.create_volume(AvailabilityZone="us-east-1a", Size=8)["VolumeId"]
            def snap(expires):
                tags = [{"Key": "lifeguard:managed", "Value": "true"}, {"Key": "lifeguard:volume", "Value": v}, {"Key": "lifeguard:expires-at", "Value": expires}]
                return ec2.create_snapshot(VolumeId=v, TagSpecifications=[{"ResourceType": "snapshot", "Tags": tags}])["SnapshotId"]
            snap("2026-01-01T00:00:00Z")
            time.sleep(1.1)
            out(snap("2026-01-01T00:00:00Z"))
            """).ConfigureAwait(false);
        Scenarios.Add(new("Lifeguard.Snapshots", "expire", "expire dry run, 2 snapshots", """{"dryRun":true}""", Environment(), "\"deleted\":[\"snap-", 30));
    }

    private async Task FailoverAsync()
    {
        var lb1 = await HealthServer.StartAsync(IPAddress.Parse("127.0.0.2")).ConfigureAwait(false);
        _servers.Add(lb1);
        var lb2 = await HealthServer.StartAsync(IPAddress.Parse("127.0.0.3")).ConfigureAwait(false);
        _servers.Add(lb2);
        var zone = (await _moto.Boto3Async($$"""
            r53 = client("route53")
            zone = r53.create_hosted_zone(Name="example.com", CallerReference="{{Guid.NewGuid()}}")["HostedZone"]["Id"].split("/")[-1]
            record = {"Name": "lb.example.com.", "Type": "A", "TTL": 60, "ResourceRecords": [{"Value": "127.0.0.2"}]}
            r53.change_resource_record_sets(HostedZoneId=zone, ChangeBatch={"Changes": [{"Action": "CREATE", "ResourceRecordSet": record}]})
            out(zone)
            """).ConfigureAwait(false)).GetString()!;
        var groups = new JsonArray(new JsonObject
        {
            ["name"] = "web",
            ["record"] = new JsonObject { ["hostedZoneId"] = zone, ["name"] = "lb.example.com", ["type"] = "A", ["ttl"] = 60 },
            ["targets"] = new JsonArray(
                new JsonObject { ["name"] = "lb1", ["value"] = "127.0.0.2", ["probe"] = new JsonObject { ["url"] = lb1.Url.ToString(), ["body"] = "OK" } },
                new JsonObject { ["name"] = "lb2", ["value"] = "127.0.0.3", ["probe"] = new JsonObject { ["url"] = lb2.Url.ToString(), ["body"] = "OK" } }),
        });
        Scenarios.Add(new("Lifeguard.Failover", "failover", "status: record, state, 2 HTTP probes", """{"action":"status"}""",
            Environment(("LIFEGUARD_FAILOVER_GROUPS", groups.ToJsonString())), "\"outcome\":\"healthy\"", 30));
    }

    private async Task JobsAsync()
    {
        var image = Path.Combine(Path.GetTempPath(), $"lifeguard-cold-start-{Guid.NewGuid():N}.jpg");
        ExternalTool.Run("convert", ["-size", "640x480", "gradient:steelblue-orange", "-quality", "85", image], TimeSpan.FromMinutes(1));
        string topic;
        try
        {
            topic = (await _moto.Boto3Async($$"""
                s3 = client("s3")
                s3.create_bucket(Bucket="uploads")
                s3.create_bucket(Bucket="results")
                s3.upload_file("{{image}}", "uploads", "entries/42.jpg")
                out(client("sns").create_topic(Name="job-status")["TopicArn"])
                """).ConfigureAwait(false)).GetString()!;
        }
        finally
        {
            File.Delete(image);
        }

        var job = new JsonObject
        {
            ["version"] = 1,
            ["id"] = "cold-start",
            ["type"] = "image.thumbnails",
            ["source"] = new JsonObject { ["bucket"] = "uploads", ["key"] = "entries/42.jpg" },
            ["outputs"] = new JsonArray(new JsonObject { ["name"] = "small", ["width"] = 160, ["format"] = "jpeg", ["quality"] = 82 }),
            ["output"] = new JsonObject { ["bucket"] = "results", ["prefix"] = "thumbnails/" },
            ["notify"] = true,
        };
        // The Lambda console's SQS test event from events/, carrying this job.
        var sqs = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Events, "jobs", "sqs-image-job.json")).ConfigureAwait(false))!;
        sqs["Records"]![0]!["body"] = job.ToJsonString();
        Scenarios.Add(new("Lifeguard.Jobs", "jobs", "one 640x480 JPEG to a 160 px thumbnail", sqs.ToJsonString(),
            Environment(("LIFEGUARD_STATUS_TOPIC_ARN", topic)), "{\"batchItemFailures\":[]}", 80));
    }

    private async Task PromotionAsync()
    {
        var cluster = await MariaDbCluster.StartAsync(replicas: 1).ConfigureAwait(false);
        _servers.Add(cluster);
        var zone = await cluster.PublishAsync(_moto).ConfigureAwait(false);
        JsonObject Node(string name, MariaDbServer server) => new() { ["name"] = name, ["host"] = server.Host, ["port"] = server.Port };
        var clusters = new JsonArray(new JsonObject
        {
            ["name"] = "shop",
            ["record"] = new JsonObject { ["hostedZoneId"] = zone, ["name"] = "db-master.example.com.", ["type"] = "A" },
            ["master"] = Node("db1", cluster.Master),
            ["replicas"] = new JsonArray(Node("db2", cluster.Replicas[0])),
            ["secretId"] = "lifeguard/shop",
        });
        Scenarios.Add(new("Lifeguard.Promotion", "promotion", "dry run, master alive: false alarm", """{"cluster":"shop","dryRun":true}""",
            Environment(("LIFEGUARD_PROMOTION_CLUSTERS", clusters.ToJsonString())), "\"outcome\":\"false-alarm\"", 30));
    }
}
