using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using Lifeguard.Bench.ColdStart;
using Lifeguard.Cdk.Packaging;
using Lifeguard.TestSupport;

// Cold start as Lambda sees it, for every function: from process start to the first response on the Runtime API (a
// fake one on loopback), the native `bootstrap` the stack deploys (provided.al2023) against the framework-dependent
// ReadyToRun build it deployed before (managed dotnet10). Both come from the CDK app's packager, reused when synth
// already made them. Each first invocation does a small piece of real work against local servers (ColdStartWorld); the
// builds run in rotation against the same servers, so machine load affects them alike; a third, "native-np", is the
// native binary with its start-up prefault (functions/Lifeguard.Runtime/Native/prefault.c) switched off, to show what
// that saves in the same run. One unmeasured run of each
// build comes first (file cache, moto's lazy imports). Targets (figures, not tests): first response <= 30 ms (80 ms for
// jobs) natively, and at least 5x faster than ReadyToRun.
//
// usage: Lifeguard.Bench.ColdStart [--runs N] [--only NAME[,NAME...]] [--show] [--live-aws]
//   --only      Snapshots, Failover, Jobs, Promotion, echo (or full project names)
//   --show      prints the Runtime API calls of one native run of each function
//   --live-aws  every AWS call goes to moto itself, instead of moto's recorded answers (AwsReplay)
var runs = 9;
var show = false;
var liveAws = false;
string[]? only = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--runs" when i + 1 < args.Length:
            runs = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--only" when i + 1 < args.Length:
            only = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            break;
        case "--show":
            show = true;
            break;
        case "--live-aws":
            liveAws = true;
            break;
        default:
            Console.Error.WriteLine("usage: Lifeguard.Bench.ColdStart [--runs N] [--only NAME[,NAME...]] [--show] [--live-aws]");
            return 2;
    }
}

bool Wanted(string project) => only is null || only.Any(o =>
    project.Equals(o, StringComparison.OrdinalIgnoreCase) || project.EndsWith("." + o, StringComparison.OrdinalIgnoreCase) ||
    (o.Equals("echo", StringComparison.OrdinalIgnoreCase) && project.EndsWith("EchoFunction", StringComparison.Ordinal)));

await using var world = await ColdStartWorld.StartAsync(Wanted, liveAws);
var root = RepositoryPaths.Root;
var nativePackager = new DotnetPublishPackager(root, PackageFormat.Native);
var readyToRunPackager = new DotnetPublishPackager(root, PackageFormat.ReadyToRun);

Console.WriteLine("Packages: native = Native AOT linux-x64 `bootstrap` (provided.al2023); R2R = framework-dependent ReadyToRun (dotnet10), as deployed before");
Console.WriteLine($"  {"function",-31} {"native",10} {"zipped",10} {"R2R",10} {"zipped",10}");
var packages = new Dictionary<(string Project, PackageFormat Format), string>();
foreach (var scenario in world.Scenarios)
{
    packages[(scenario.Project, PackageFormat.Native)] = nativePackager.Package(scenario.Project);
    packages[(scenario.Project, PackageFormat.ReadyToRun)] = readyToRunPackager.Package(scenario.Project);
    string Sizes(PackageFormat format) => $"{Mib(DirectorySize(packages[(scenario.Project, format)])),10} {Mib(ZipSize(packages[(scenario.Project, format)])),10}";
    Console.WriteLine($"  {scenario.Project,-31} {Sizes(PackageFormat.Native)} {Sizes(PackageFormat.ReadyToRun)}");
}

await using var api = await FakeRuntimeApi.StartAsync();
Console.WriteLine();
Console.WriteLine($"Cold start, process start -> first response on the fake Runtime API ({runs} runs of each build, median ms; ready = first GET /next)");
Console.WriteLine("  native-np = the same native binary with its start-up prefault turned off (LIFEGUARD_NO_PREFAULT=1; functions/Lifeguard.Runtime/Native/prefault.c)");
Console.WriteLine($"  {"function",-31} {"invocation",-40} {"native ready",12} {"first",8} {"native-np first",15} {"R2R ready",10} {"first",8} {"R2R/native",11} {"target",8}");
var misses = 0;
var native = new Build("native", PackageFormat.Native, Prefault: true);
var nativeWithoutPrefault = native with { Name = "native-np", Prefault = false };
var readyToRun = new Build("R2R", PackageFormat.ReadyToRun, Prefault: true);
Build[] builds = [native, nativeWithoutPrefault, readyToRun];
foreach (var scenario in world.Scenarios)
{
    var times = builds.ToDictionary(b => b, _ => new List<ColdStartRun>());
    for (var run = -1; run < runs; run++)
    {
        // Rotate the order so no build always runs on a warmer file cache; run -1 warms up and is not counted.
        foreach (var build in builds.Skip((run + 1) % builds.Length).Concat(builds.Take((run + 1) % builds.Length)))
        {
            var result = await ColdStartAsync(api, scenario, build, packages[(scenario.Project, build.Format)], $"{run + 1}-{build.Name}", show && run == 0 && build == native);
            if (run >= 0)
            {
                times[build].Add(result);
            }
        }
    }

    // The same failure with other timings in its text is one failure.
    var errors = times.Values.SelectMany(r => r).Select(r => r.Error).OfType<string>()
        .GroupBy(e => new string([.. e.Where(c => !char.IsAsciiDigit(c) && c != '.')]))
        .Select(g => $"{g.Count()} of {runs}: {g.First()}")
        .ToList();
    var nativeFirst = Median(times[native].Select(r => r.FirstResponseMs));
    var r2rFirst = Median(times[readyToRun].Select(r => r.FirstResponseMs));
    var ratio = r2rFirst / nativeFirst;
    var met = errors.Count == 0 && (scenario.TargetMs is not { } target || (nativeFirst <= target && ratio >= 5));
    misses += met ? 0 : 1;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"  {scenario.Project,-31} {scenario.Invocation,-40} {Median(times[native].Select(r => r.ReadyMs)),12:0.0} {nativeFirst,8:0.0} " +
        $"{Median(times[nativeWithoutPrefault].Select(r => r.FirstResponseMs)),15:0.0} " +
        $"{Median(times[readyToRun].Select(r => r.ReadyMs)),10:0.0} {r2rFirst,8:0.0} {ratio,10:0.0}x {(scenario.TargetMs is { } t ? $"{t:0} ms" : "-"),8}" +
        $"{(scenario.TargetMs is null ? string.Empty : met ? "  met" : "  MISSED")}"));
    foreach (var error in errors)
    {
        Console.WriteLine($"    an invocation failed: {error}");
    }
}

var spawnFloor = Median(await SpawnFloorAsync(runs));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"For scale, starting /bin/true and seeing it exit takes {spawnFloor:0.0} ms (median) on this machine right now."));
if (world.ReplayCounts is { } counts)
{
    Console.WriteLine($"AWS: {counts.Recorded} distinct calls asked of moto once (warm-up), {counts.Replayed} answered from its recorded answers; --live-aws asks moto every time.");
}

Console.WriteLine(misses == 0
    ? "Every function met its targets (native first response, and >= 5x ReadyToRun)."
    : $"{misses} function(s) missed a target (native first response <= 30 ms, 80 ms for jobs, and >= 5x ReadyToRun).");
return 0;

static async Task<ColdStartRun> ColdStartAsync(FakeRuntimeApi api, ColdStartScenario scenario, Build build, string package, string requestId, bool show)
{
    var format = build.Format;
    var before = api.Calls.Count;
    api.Enqueue(requestId, scenario.Event, TimeProvider.System.GetUtcNow().AddMinutes(2));
    var start = format == PackageFormat.Native
        ? new ProcessStartInfo(Path.Combine(package, DotnetPublishPackager.Bootstrap))
        : new ProcessStartInfo("dotnet", [Path.Combine(package, scenario.Project + ".dll")]);
    start.RedirectStandardOutput = true;
    start.RedirectStandardError = true;
    start.UseShellExecute = false;
    start.WorkingDirectory = package; // Lambda's /var/task
    foreach (var (name, value) in scenario.Environment)
    {
        start.Environment[name] = value;
    }

    start.Environment["LIFEGUARD_NO_PREFAULT"] = build.Prefault ? null : "1";
    start.Environment["AWS_LAMBDA_RUNTIME_API"] = api.Address;
    start.Environment["AWS_LAMBDA_FUNCTION_NAME"] = $"cold-start-{scenario.Handler}";
    start.Environment["LIFEGUARD_HANDLER"] = scenario.Handler;
    var started = Stopwatch.GetTimestamp();
    using var process = Process.Start(start)!;
    process.OutputDataReceived += static (_, _) => { };
    process.ErrorDataReceived += static (_, _) => { };
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    try
    {
        // GET /next, then POST .../response (or .../error; or one POST /runtime/init/error and an exit).
        var calls = await api.WaitForCallsAsync(before + 2, TimeSpan.FromMinutes(2)).ConfigureAwait(false);
        var arrivals = api.Arrivals;
        var answer = calls[before + 1];
        string? error = null;
        if (calls[before].Path.EndsWith("/init/error", StringComparison.Ordinal))
        {
            error = $"{build.Name}: init failed: {calls[before].Body}";
        }
        else if (!answer.Path.EndsWith($"/{requestId}/response", StringComparison.Ordinal))
        {
            error = $"{build.Name}: {answer.Path}: {answer.Body}";
        }
        else if (!answer.Body.Contains(scenario.Expected, StringComparison.Ordinal))
        {
            error = $"{build.Name}: answered without {scenario.Expected}: {(answer.Body.Length > 400 ? answer.Body[..400] + "..." : answer.Body)}";
        }

        if (show)
        {
            Console.WriteLine($"  Runtime API calls of one native {scenario.Project} run:");
            foreach (var call in calls.Skip(before).Take(2))
            {
                Console.WriteLine($"    {call.Method} {call.Path} {(call.Body.Length > 300 ? call.Body[..300] + "..." : call.Body)}");
            }
        }

        if (error is null)
        {
            // The function has long-polled GET /next again: the invocation is over, and the next run starts clean.
            await api.WaitForCallsAsync(before + 3, TimeSpan.FromMinutes(1)).ConfigureAwait(false);
        }

        return new ColdStartRun(
            Stopwatch.GetElapsedTime(started, arrivals[before]).TotalMilliseconds,
            Stopwatch.GetElapsedTime(started, arrivals[before + 1]).TotalMilliseconds,
            error);
    }
    finally
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync().ConfigureAwait(false);
        await api.WaitUntilNobodyPollsAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
    }
}

// What any process start costs here (fork, exec, the loader), the floor under every figure above.
static async Task<List<double>> SpawnFloorAsync(int runs)
{
    var times = new List<double>();
    for (var run = 0; run < runs; run++)
    {
        var started = Stopwatch.GetTimestamp();
        using var process = Process.Start(new ProcessStartInfo("/bin/true") { UseShellExecute = false })!;
        await process.WaitForExitAsync().ConfigureAwait(false);
        times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    return times;
}

static long DirectorySize(string directory) =>
    new DirectoryInfo(directory).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);

// What Lambda is sent: CDK zips the asset directory.
static long ZipSize(string directory)
{
    using var buffer = new MemoryStream();
    ZipFile.CreateFromDirectory(directory, buffer, CompressionLevel.Optimal, includeBaseDirectory: false);
    return buffer.Length;
}

static string Mib(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024.0:0.0} MiB");

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count == 0 ? double.NaN
        : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}

/// <summary>One way of running a function: its package format, and whether the native start-up prefault is on.</summary>
internal sealed record Build(string Name, PackageFormat Format, bool Prefault);
