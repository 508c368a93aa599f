using System.Diagnostics;
using System.Globalization;
using Lifeguard.Runtime.Hosting;
using Lifeguard.Snapshots;
using Lifeguard.Snapshots.Drills;
using Lifeguard.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

/// <summary>
/// `--drill N`: one restore drill of one volume, N times, as the function runs it (the package's composition: EC2 and
/// SSM clients, CreateVolume, waits, AttachVolume, Run Command, detach, delete) against moto through a counting proxy.
/// moto makes volumes `available` and answers Run Command at once, so the figure is Lifeguard's own part of the time
/// from start to a validated volume: its calls and their round trips, not EBS's restore nor the check on the instance.
/// </summary>
internal static class DrillBench
{
    public static async Task<int> RunAsync(int drills)
    {
        await using var moto = new MotoServer();
        await moto.InitializeAsync();
        await using var proxy = await FaultProxy.StartAsync(moto.Endpoint);
        var estate = await Python.RunAsync("""
            import boto3
            ec2 = boto3.client("ec2", region_name="us-east-1")
            i = ec2.run_instances(ImageId="ami-12c6146b", MinCount=1, MaxCount=1, Placement={"AvailabilityZone": "us-east-1a"})["Instances"][0]["InstanceId"]
            v = ec2.create_volume(AvailabilityZone="us-east-1a", Size=8, TagSpecifications=[{"ResourceType": "volume", "Tags": [{"Key": "lifeguard:backup", "Value": "true"}]}])["VolumeId"]
            ec2.create_snapshot(VolumeId=v, TagSpecifications=[{"ResourceType": "snapshot", "Tags": [{"Key": "lifeguard:managed", "Value": "true"}]}])
            print(i)
            """, moto.AwsEnvironment());
        var instanceId = estate.Trim().Split('\n')[^1];
        var environment = new Dictionary<string, string?>(moto.AwsEnvironment())
        {
            ["AWS_ENDPOINT_URL"] = proxy.Endpoint.ToString().TrimEnd('/'),
            ["HOME"] = Path.GetTempPath(),
            ["LIFEGUARD_DRILL_INSTANCE_ID"] = instanceId,
        };
        var handler = SnapshotsComposition.CreateDrillHandler(new HostServices(new DictionaryEnvironment(environment), NullLogger.Instance, TimeProvider.System));

        var seconds = new List<double>();
        var runs = new List<double>();
        var failed = 0;
        var ec2Calls = 0;
        for (var i = 0; i <= drills; i++)
        {
            var forwardedBefore = proxy.Forwarded;
            var clock = Stopwatch.StartNew();
            var report = await handler.HandleAsync(new DrillEvent(), TestContexts.Create("drill", TimeSpan.FromMinutes(15)), CancellationToken.None);
            var elapsed = clock.Elapsed.TotalSeconds;
            var drill = report.Drills.Single();
            if (i == 0)
            {
                // The first run pays for the SDK clients' first use; reported apart.
                Console.WriteLine($"  first drill (cold SDK clients): {elapsed:0.000} s, {drill.Result}");
                continue;
            }

            failed += drill.Result == DrillOutcome.Passed && drill.CleanupProblem is null ? 0 : 1;
            seconds.Add(drill.SecondsToValidated ?? double.NaN);
            runs.Add(elapsed);
            ec2Calls = proxy.Forwarded - forwardedBefore;
        }

        seconds.Sort();
        runs.Sort();
        var median = seconds[seconds.Count / 2];
        Console.WriteLine();
        Console.WriteLine($"Restore drill of one volume, start to validated volume (against moto, {drills} drills after a first one):");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  median {median:0.000} s, min {seconds[0]:0.000} s, max {seconds[^1]:0.000} s (from CreateVolume); the whole run, discovery to the volume deleted: median {runs[runs.Count / 2]:0.000} s"));
        Console.WriteLine($"  {ec2Calls} AWS calls per run (discovery, restore, attach, Run Command, detach, delete, pass tag); failed {failed}");
        Console.WriteLine("  On AWS add EBS's own times: a volume from a snapshot is available in seconds, an attach takes about 5-10 s,");
        Console.WriteLine("  Run Command a few seconds plus the check itself (fsck reads lazily loaded blocks from S3).");
        return failed == 0 ? 0 : 1;
    }
}
