using System.Diagnostics;
using System.Globalization;
using Lifeguard.Runtime.Hosting;
using Lifeguard.Snapshots;
using Lifeguard.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

// Snapshots at scale through a loopback proxy that enforces EC2's token buckets (CreateSnapshot, DeleteSnapshot) in
// front of moto. The floor is the time the buckets allow: (calls - burst) / refill. EC2 refills 5 per second; the
// bench refills faster (--refill) so it runs in minutes; the ratio to the floor is what is measured.
// usage: Lifeguard.Bench.Snapshots [--volumes 1000] [--expired 10000] [--burst 100] [--refill 50] [--run-seconds 40]
// usage: Lifeguard.Bench.Snapshots --drill 20: only the restore drill figure (DrillBench).
if (args.Length >= 2 && args[0] == "--drill")
{
    return await DrillBench.RunAsync(int.Parse(args[1], CultureInfo.InvariantCulture));
}

var settings = new Dictionary<string, double> { ["volumes"] = 1000, ["expired"] = 10000, ["burst"] = 100, ["refill"] = 50, ["run-seconds"] = 40 };
for (var i = 0; i + 1 < args.Length; i += 2)
{
    settings[args[i].TrimStart('-')] = double.Parse(args[i + 1], CultureInfo.InvariantCulture);
}

int volumes = (int)settings["volumes"], expired = (int)settings["expired"], burst = (int)settings["burst"];
double refill = settings["refill"];
var runBudget = TimeSpan.FromSeconds(settings["run-seconds"]);

await using var moto = new MotoServer(indexedTags: true);
await moto.InitializeAsync();
await using var proxy = await FaultProxy.StartAsync(moto.Endpoint);
proxy.LimitRate("CreateSnapshot", burst, refill).LimitRate("DeleteSnapshot", burst, refill);

Console.WriteLine($"Setting up in moto (tag lookups indexed, see MotoServer): {volumes} tagged volumes...");
var setup = Stopwatch.StartNew();
await Python.RunAsync($$"""
    import boto3
    from concurrent.futures import ThreadPoolExecutor
    ec2 = boto3.client("ec2", region_name="us-east-1")
    tagged = [{"ResourceType": "volume", "Tags": [{"Key": "lifeguard:backup", "Value": "true"}]}]
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda _: ec2.create_volume(AvailabilityZone="us-east-1a", Size=1, TagSpecifications=tagged), range({{volumes}})))
    """, moto.AwsEnvironment(), timeout: TimeSpan.FromMinutes(30));
Console.WriteLine($"  done in {setup.Elapsed.TotalSeconds:0} s");

var environment = new Dictionary<string, string?>(moto.AwsEnvironment())
{
    ["AWS_ENDPOINT_URL"] = proxy.Endpoint.ToString().TrimEnd('/'),
    ["HOME"] = Path.GetTempPath(),
    ["LIFEGUARD_EC2_BUCKET_BURST"] = burst.ToString(CultureInfo.InvariantCulture),
    ["LIFEGUARD_EC2_BUCKET_REFILL_PER_SECOND"] = refill.ToString(CultureInfo.InvariantCulture),
};
var host = new HostServices(new DictionaryEnvironment(environment), NullLogger.Instance, TimeProvider.System);

// Snapshot run: one CreateSnapshot per tagged volume.
var snapshotHandler = SnapshotsComposition.CreateSnapshotHandler(host);
var clock = Stopwatch.StartNew();
var listingBefore = Listing(proxy);
var snapshotReport = await snapshotHandler.HandleAsync(new SnapshotEvent { Tier = "daily", Retention = "7 days", Time = new DateTimeOffset(2026, 11, 21, 3, 0, 0, TimeSpan.Zero) }, TestContexts.Create("snapshot", TimeSpan.FromMinutes(15)), CancellationToken.None);
var snapshotSeconds = clock.Elapsed.TotalSeconds;
var snapshotListing = Listing(proxy) - listingBefore;
var snapshotFloor = Math.Max(0, volumes - burst) / refill;
var created = snapshotReport.Created.Sum(c => c.SnapshotIds.Count);

Console.WriteLine($"Setting up {expired} expired managed snapshots (of 100 deleted volumes)...");
setup.Restart();
await Python.RunAsync($$"""
    import boto3
    from concurrent.futures import ThreadPoolExecutor
    ec2 = boto3.client("ec2", region_name="us-east-1")
    old = [ec2.create_volume(AvailabilityZone="us-east-1a", Size=1)["VolumeId"] for _ in range(100)]
    def tags(v):
        return [{"ResourceType": "snapshot", "Tags": [{"Key": "lifeguard:managed", "Value": "true"}, {"Key": "lifeguard:volume", "Value": v}, {"Key": "lifeguard:expires-at", "Value": "2026-01-01T00:00:00Z"}]}]
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda i: ec2.create_snapshot(VolumeId=old[i % 100], TagSpecifications=tags(old[i % 100])), range({{expired}})))
    for v in old:
        ec2.delete_volume(VolumeId=v)
    """, moto.AwsEnvironment(), timeout: TimeSpan.FromMinutes(30));
Console.WriteLine($"  done in {setup.Elapsed.TotalSeconds:0} s");

// Expire: deadline-bounded runs until nothing is left.
var expireHandler = SnapshotsComposition.CreateExpireHandler(host);
var throttledBefore = proxy.Throttled;
var deletedReported = new List<string>();
var failed = 0;
var runs = 0;
clock.Restart();
for (; runs < 100; runs++)
{
    using var deadline = new CancellationTokenSource(runBudget);
    var report = await expireHandler.HandleAsync(new ExpireEvent(), TestContexts.Create("expire", runBudget), deadline.Token);
    deletedReported.AddRange(report.Deleted);
    failed += report.Failed.Count;
    Console.WriteLine($"  expire run {runs + 1}: deleted {report.Deleted.Count}, left {report.Remaining.Count}, failed {report.Failed.Count}");
    if (report.Remaining.Count == 0)
    {
        runs++;
        break;
    }
}

var expireSeconds = clock.Elapsed.TotalSeconds;
// moto answers DescribeSnapshots in one page, linear in the snapshots it holds once tag lookups are indexed; EC2 pages
// 1,000 at a time in well under a second. The ratio without moto's listing time is the pacing alone.
var listingSeconds = Listing(proxy) - listingBefore - snapshotListing;
// The bucket is full again at the start of every run, so the floor counts a burst per run.
var expireFloor = Math.Max(0, expired - (burst * runs)) / refill;
var deleteCalls = proxy.ForwardedActions.GetValueOrDefault("DeleteSnapshot");

Console.WriteLine();
Console.WriteLine($"Token buckets: burst {burst}, refill {refill}/s (EC2: 100, 5/s)");
Console.WriteLine($"  snapshot: {created} of {volumes} volumes in {snapshotSeconds:0.0} s; floor {snapshotFloor:0.0} s; ratio {snapshotSeconds / Math.Max(snapshotFloor, 0.001):0.00}; failed {snapshotReport.Failed.Count}; throttled answers {throttledBefore}");
Console.WriteLine($"            of which moto spent {snapshotListing:0.0} s listing volumes and snapshots; without it the ratio is {(snapshotSeconds - snapshotListing) / Math.Max(snapshotFloor, 0.001):0.00}");
Console.WriteLine($"  expire:   {deleteCalls} DeleteSnapshot calls for {expired} snapshots in {runs} runs of <= {runBudget.TotalSeconds:0} s, {expireSeconds:0.0} s in all; floor {expireFloor:0.0} s; ratio {expireSeconds / Math.Max(expireFloor, 0.001):0.00}; failed {failed}; throttled answers {proxy.Throttled - throttledBefore}");
Console.WriteLine($"            of which moto spent {listingSeconds:0.0} s listing snapshots; without it the ratio is {(expireSeconds - listingSeconds) / Math.Max(expireFloor, 0.001):0.00}");
Console.WriteLine($"  each snapshot deleted exactly once: {(deleteCalls == expired && deletedReported.Distinct().Count() == deletedReported.Count ? "yes" : "NO")} ({deletedReported.Count} reported, the rest cut off mid-call at a deadline and found gone by the next run)");
return deleteCalls == expired && failed == 0 && snapshotReport.Failed.Count == 0 ? 0 : 1;

static double Listing(FaultProxy proxy) =>
    proxy.UpstreamTime("DescribeSnapshots").TotalSeconds + proxy.UpstreamTime("DescribeVolumes").TotalSeconds
    + proxy.UpstreamTime("DescribeInstances").TotalSeconds + proxy.UpstreamTime("DescribeImages").TotalSeconds;
