using System.Diagnostics;
using System.Globalization;
using System.Net;
using Lifeguard.Aws.Route53;
using Lifeguard.Failover;
using Lifeguard.Failover.Adapters;
using Lifeguard.Failover.Configuration;
using Lifeguard.TestSupport;

// Failover time in the local scenario: LB1 on 127.0.0.2 and LB2 on 127.0.0.3 (real HTTP servers), lb.example.com in
// moto's Route 53, the checker invoked back to back as the every-minute schedule would. Each trial kills LB1 at a
// random moment and measures until Route 53 answers with LB2's address. The target is probe interval x failure
// threshold + 2 s; Route 53's own health checks need 30 s x 3 by default and 10 s x 3 at best. With the second
// opinion (confirmWith "route53") the switch also waits for Route 53's view, read from CloudWatch (moto here): the
// trial publishes Route 53's verdict on LB1 the moment LB1 dies, so the figure is Lifeguard's own cost of asking;
// in production Route 53's detection and its one-minute metrics come on top.
// usage: Lifeguard.Bench.Failover [--trials 3] [--fast-trials 8] [--interval 10] [--fast-interval 1]
var settings = new Dictionary<string, double> { ["trials"] = 3, ["fast-trials"] = 8, ["interval"] = 10, ["fast-interval"] = 1 };
for (var i = 0; i + 1 < args.Length; i += 2)
{
    settings[args[i].TrimStart('-')] = double.Parse(args[i + 1], CultureInfo.InvariantCulture);
}

var moto = new MotoFixture();
await moto.InitializeAsync();
var configuration = moto.Configuration();
var route53 = new Route53Client(configuration);
var switcher = new Route53RecordSwitcher(route53, TimeProvider.System);
var ec2 = FailoverComposition.Ec2(configuration);
using var prober = new Prober(TimeProvider.System);
var random = new Random(20261122);

Console.WriteLine("Failover time: LB1 killed at a random moment -> lb.example.com holds LB2's address");
Console.WriteLine($"{"setting",-32} {"trials",6} {"min s",7} {"median s",9} {"max s",7} {"target s",9} {"max/target",11}");
foreach (var (name, interval, trials, confirm) in new[]
{
    ("default (10 s x 3)", settings["interval"], (int)settings["trials"], false),
    ("fast (1 s x 3)", settings["fast-interval"], (int)settings["fast-trials"], false),
    ("fast, confirmWith route53", settings["fast-interval"], (int)settings["fast-trials"], true),
})
{
    var times = new List<double>();
    for (var trial = 0; trial < trials; trial++)
    {
        times.Add(await TrialAsync(TimeSpan.FromSeconds(interval), confirm));
    }

    times.Sort();
    var target = interval * 3 + 2;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name,-32} {trials,6} {times[0],7:0.00} {times[times.Count / 2],9:0.00} {times[^1],7:0.00} {target,9:0.0} {times[^1] / target,11:0.00}"));
}

Console.WriteLine("Route 53 health checks for comparison (documented, not measured): 90 s by default (30 s x 3), 30 s at best (10 s x 3).");
await moto.DisposeAsync();

async Task<double> TrialAsync(TimeSpan interval, bool confirm)
{
    await using var lb1 = await HealthServer.StartAsync(IPAddress.Parse("127.0.0.2"));
    await using var lb2 = await HealthServer.StartAsync(IPAddress.Parse("127.0.0.3"));
    var zone = (await moto.Boto3Async($$"""
        r53 = client("route53")
        zone = r53.create_hosted_zone(Name="example.com", CallerReference="{{Guid.NewGuid()}}")["HostedZone"]["Id"].split("/")[-1]
        record = {"Name": "lb.example.com.", "Type": "A", "TTL": 60, "ResourceRecords": [{"Value": "127.0.0.2"}]}
        r53.change_resource_record_sets(HostedZoneId=zone, ChangeBatch={"Changes": [{"Action": "CREATE", "ResourceRecordSet": record}]})
        out(zone)
        """)).GetString()!;
    TargetConfig Target(string name, HealthServer server) =>
        new() { Name = name, Value = server.Address.ToString(), Probe = new ProbeConfig { Url = server.Url, Body = "OK", TimeoutSeconds = Math.Min(3, interval.TotalSeconds / 2) } };
    var group = new FailoverGroup
    {
        Name = "web",
        Record = new RecordConfig { HostedZoneId = zone, Name = "lb.example.com" },
        Targets = [Target("lb1", lb1), Target("lb2", lb2)],
        ConfirmWith = confirm ? "route53" : null,
    };
    var ids = new Dictionary<string, string> { ["lb1"] = $"hc-lb1-{zone}", ["lb2"] = $"hc-lb2-{zone}" };
    var checks = new Dictionary<string, IReadOnlyDictionary<string, string>> { ["web"] = ids };
    var handler = new FailoverHandler(
        new FailoverSettings { Groups = [group], HealthChecks = checks, ProbeInterval = interval, CheckWindow = TimeSpan.FromSeconds(60) },
        g => FailoverComposition.Endpoint(g, ec2, route53, switcher),
        prober,
        new RecordingNotifier(),
        new Route53HealthView(new Lifeguard.Aws.CloudWatch.CloudWatchClient(configuration), checks, TimeProvider.System));
    if (confirm)
    {
        await PutStatusAsync(ids["lb2"], 1);
    }


    using var stop = new CancellationTokenSource();
    // The schedule: one invocation after another, each probing for a minute.
    var checker = Task.Run(async () =>
    {
        while (!stop.IsCancellationRequested)
        {
            await handler.HandleAsync(new FailoverEvent(), TestContexts.Create("failover", TimeSpan.FromSeconds(90)), stop.Token);
        }
    });

    // Let the checker settle (a healthy round or more), then kill LB1 at a random phase of the probe interval.
    await Task.Delay(interval * (1 + random.NextDouble()));
    await lb1.StopAsync();
    var killed = Stopwatch.StartNew();
    if (confirm)
    {
        await PutStatusAsync(ids["lb1"], 0);
    }

    var deadline = interval * 3 + TimeSpan.FromSeconds(60);
    while (killed.Elapsed < deadline)
    {
        var set = await switcher.ReadAsync(zone, "lb.example.com", "A", CancellationToken.None);
        if (set?.Values.SingleOrDefault() == "127.0.0.3")
        {
            break;
        }

        await Task.Delay(20);
    }

    var seconds = killed.Elapsed.TotalSeconds;
    await stop.CancelAsync();
    try
    {
        await checker;
    }
    catch (OperationCanceledException)
    {
    }

    return seconds;
}

// Route 53's verdict on a health check as its CloudWatch metric (moto cannot run health checks).
Task PutStatusAsync(string id, int status) => moto.Boto3Async($$"""
    import datetime
    client("cloudwatch").put_metric_data(Namespace="AWS/Route53", MetricData=[{"MetricName": "HealthCheckStatus",
        "Dimensions": [{"Name": "HealthCheckId", "Value": "{{id}}"}], "Timestamp": datetime.datetime.now(datetime.timezone.utc), "Value": {{status}}}])
    out(1)
    """);
