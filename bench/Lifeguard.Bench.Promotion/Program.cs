using System.Diagnostics;
using System.Globalization;
using Lifeguard.Aws.Route53;
using Lifeguard.Aws.SecretsManager;
using Lifeguard.Promotion;
using Lifeguard.Promotion.Adapters;
using Lifeguard.Promotion.Configuration;
using Lifeguard.Runtime.Events;
using Lifeguard.TestSupport;

// Promotion time on the local pair (a MariaDB master and one replica on loopback, the record and the secret in moto):
// from handing the alarm event to the function until the new master accepts the application's write and the record
// holds its address. Dead master: SIGKILL (connection refused). Hung master: SIGSTOP (the port accepts, nothing
// answers; the connect timeout, 2 s by default, decides). Targets: 2 s and 5 s. For scale: orchestrator 10-13 s,
// MHA 10-30 s, RDS Multi-AZ 60-120 s. Each trial starts a fresh pair; the first trial of the process is reported
// apart (it loads and compiles MySqlConnector, as a Lambda cold start would). The function itself may end later: with a
// hung master it goes on trying to fence it, alongside, for up to the connect timeout.
// usage: Lifeguard.Bench.Promotion [--trials 5]
var trials = args.Length == 2 && args[0] == "--trials" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
var motoFixture = new MotoFixture();
await motoFixture.InitializeAsync();
var aws = motoFixture.Configuration();
var notifier = new RecordingNotifier();
var ports = new PromotionPorts(new SecretsManagerClient(aws), new Route53Client(aws), new Ec2InstanceStopper(aws), notifier,
    (credentials, timeout) => new MySqlDatabase(credentials.Username, credentials.Password, timeout));
var records = new Route53RecordSwitcher(new Route53Client(aws), TimeProvider.System);

Console.WriteLine("Promotion time: alarm event -> new master accepts writes and db-master.example.com holds its address");
Console.WriteLine($"{"master",-28} {"trials",6} {"min s",7} {"median s",9} {"max s",7} {"target s",9} {"max/target",11}");
var cold = await TrialAsync(hung: false);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"dead, first in process",-28} {1,6} {cold.Seconds,7:0.000} {cold.Seconds,9:0.000} {cold.Seconds,7:0.000} {2,9} {cold.Seconds / 2,11:0.00}"));
var slowest = new Dictionary<string, string>();
foreach (var (name, hung, target) in new[] { ("dead (SIGKILL, refused)", false, 2.0), ("hung (SIGSTOP, no answer)", true, 5.0) })
{
    var results = new List<(double Seconds, string Steps)>();
    for (var trial = 0; trial < trials; trial++)
    {
        results.Add(await TrialAsync(hung));
    }

    var times = results.Select(r => r.Seconds).Order().ToList();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-28} {trials,6} {times[0],7:0.000} {times[times.Count / 2],9:0.000} {times[^1],7:0.000} {target,9:0} {times[^1] / target,11:0.00}"));
    slowest[name] = results.MaxBy(r => r.Seconds).Steps;
}

foreach (var (name, steps) in slowest)
{
    Console.WriteLine($"steps of the slowest {name}: {steps}");
}

await motoFixture.DisposeAsync();
return;

async Task<(double Seconds, string Steps)> TrialAsync(bool hung)
{
    await motoFixture.ResetAsync();
    await using var cluster = await MariaDbCluster.StartAsync(replicas: 1);
    cluster.Write(1, 100);
    cluster.Replicas[0].WaitForApplied(cluster.Master, TimeSpan.FromSeconds(20));
    var zone = await cluster.PublishAsync(motoFixture);
    var config = new ClusterConfig
    {
        Name = "shop",
        AlarmNames = ["shop-db-master-down"],
        Record = new RecordConfig { HostedZoneId = zone, Name = "db-master.example.com." },
        Master = new NodeConfig { Name = "db1", Host = cluster.Master.Host, Port = cluster.Master.Port },
        Replicas = [new NodeConfig { Name = "db2", Host = cluster.Replicas[0].Host, Port = cluster.Replicas[0].Port }],
        SecretId = "lifeguard/shop",
    };
    var handler = new PromotionHandler(new PromotionSettings { Clusters = [config] }, ports);
    var alarm = new PromotionEvent
    {
        Source = "aws.cloudwatch",
        AlarmData = new AlarmData
        {
            AlarmName = "shop-db-master-down",
            State = new AlarmState { Value = AlarmState.Alarm },
            PreviousState = new AlarmState { Value = AlarmState.Ok },
        },
    };
    if (hung)
    {
        cluster.Master.Pause();
    }
    else
    {
        await cluster.Master.KillAsync();
    }

    var clock = Stopwatch.StartNew();
    var run = handler.HandleAsync(alarm, TestContexts.Create("promotion", TimeSpan.FromSeconds(60)), CancellationToken.None);
    // Done when the application can write on the new master and the record holds its address: polled while the
    // function runs (it may still be fencing the old master), so the figure is when service is back, checked.
    double? seconds = null;
    for (var poll = 0; poll < 2000 && seconds is null; poll++)
    {
        var value = (await records.ReadAsync(zone, "db-master.example.com.", "A", CancellationToken.None))?.Values.Single();
        if (value == cluster.Replicas[0].Host)
        {
            try
            {
                cluster.Write(1000, 1, cluster.Replicas[0]);
                seconds = clock.Elapsed.TotalSeconds;
            }
            catch (InvalidOperationException)
            {
                // Not writable yet.
            }
        }

        if (seconds is null && run.IsCompleted && poll > 0)
        {
            break;
        }

        await Task.Delay(10);
    }

    var report = await run;
    if (report.Outcome != "promoted" || seconds is null)
    {
        throw new InvalidOperationException($"trial did not promote: {report.Outcome}: {report.Reason}");
    }

    cluster.Master.Resume();
    return (seconds.Value, string.Create(CultureInfo.InvariantCulture, $"{string.Join(", ", report.Steps.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Name} {s.Ms:0} ms")))}; function done in {report.TotalMs / 1000:0.000} s"));
}
