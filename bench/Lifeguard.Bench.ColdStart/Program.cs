using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using Lifeguard.TestSupport;

// Cold start as Lambda sees it: from process start to the first response on the Runtime API, for the same function
// published ReadyToRun (as the CDK packages it) and plain. Both run in this one process against one fake Runtime API,
// alternating, so machine load affects both alike; the figure that matters is the ratio.
//
// usage: Lifeguard.Bench.ColdStart [--runs N] [--show]    (--show prints each Runtime API call of one run)
var runs = 9;
var show = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--runs" when i + 1 < args.Length:
            runs = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--show":
            show = true;
            break;
        default:
            Console.Error.WriteLine("usage: Lifeguard.Bench.ColdStart [--runs N] [--show]");
            return 2;
    }
}

var root = RepositoryPaths.Root;
var functions = new[] { ("Lifeguard.Runtime.EchoFunction", Path.Combine(root, "tests", "Lifeguard.Runtime.EchoFunction")) }
    .Concat(Directory.Exists(Path.Combine(root, "functions"))
        ? Directory.GetDirectories(Path.Combine(root, "functions"), "Lifeguard.*")
            .Where(d => File.Exists(Path.Combine(d, "Program.cs")))
            .Select(d => (Path.GetFileName(d), d))
        : [])
    .ToList();

Console.WriteLine("Packages (Release, linux-x64, framework-dependent):");
Console.WriteLine($"  {"function",-34} {"ReadyToRun",12} {"zipped",10} {"plain",12} {"zipped",10}");
var packages = new Dictionary<(string Name, bool ReadyToRun), string>();
foreach (var (name, directory) in functions)
{
    var r2r = Publish(name, directory, readyToRun: true);
    var plain = Publish(name, directory, readyToRun: false);
    packages[(name, true)] = r2r;
    packages[(name, false)] = plain;
    Console.WriteLine($"  {name,-34} {Kib(DirectorySize(r2r)),12} {Kib(ZipSize(r2r)),10} {Kib(DirectorySize(plain)),12} {Kib(ZipSize(plain)),10}");
}

var echo = functions[0].Item1;
await using var api = await FakeRuntimeApi.StartAsync();
var r2rTimes = new List<double>();
var plainTimes = new List<double>();
for (var run = 0; run < runs; run++)
{
    // Alternate the order so neither build always runs on a warmer file cache.
    foreach (var readyToRun in run % 2 == 0 ? new[] { true, false } : [false, true])
    {
        var ms = await ColdStartAsync(api, Path.Combine(packages[(echo, readyToRun)], echo + ".dll"), $"{run}-{readyToRun}", show && run == 0 && readyToRun);
        (readyToRun ? r2rTimes : plainTimes).Add(ms);
    }
}

var r2rMedian = Median(r2rTimes);
var plainMedian = Median(plainTimes);
Console.WriteLine();
Console.WriteLine($"Cold start, process start to first response ({echo}, {runs} runs each, median):");
Console.WriteLine($"  ReadyToRun {r2rMedian,8:0.0} ms   (min {r2rTimes.Min():0.0}, max {r2rTimes.Max():0.0})");
Console.WriteLine($"  plain      {plainMedian,8:0.0} ms   (min {plainTimes.Min():0.0}, max {plainTimes.Max():0.0})");
Console.WriteLine($"  ratio ReadyToRun/plain = {r2rMedian / plainMedian:0.00}");
return 0;

static async Task<double> ColdStartAsync(FakeRuntimeApi api, string dll, string requestId, bool show)
{
    var before = api.Calls.Count;
    api.Enqueue(requestId, """{"message":"cold start"}""", TimeProvider.System.GetUtcNow().AddMinutes(1));
    var start = new ProcessStartInfo("dotnet", [dll])
    {
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        UseShellExecute = false,
        Environment =
        {
            ["AWS_LAMBDA_RUNTIME_API"] = api.Address,
            ["LIFEGUARD_HANDLER"] = "echo",
            ["AWS_LAMBDA_FUNCTION_NAME"] = "cold-start",
        },
    };
    var clock = Stopwatch.StartNew();
    using var process = Process.Start(start)!;
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    try
    {
        // GET /next, then POST .../response.
        var calls = await api.WaitForCallsAsync(before + 2, TimeSpan.FromSeconds(60));
        var elapsed = clock.Elapsed.TotalMilliseconds;
        if (!calls[before + 1].Path.EndsWith($"/{requestId}/response", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Expected a response for {requestId}, got {calls[before + 1]}");
        }

        if (show)
        {
            Console.WriteLine();
            Console.WriteLine("Runtime API calls of one invocation:");
            foreach (var call in calls.Skip(before).Take(2))
            {
                Console.WriteLine($"  {call.Method} {call.Path} {call.Body}");
            }
        }

        // The function has already long-polled GET /next again; wait for that so the next run starts clean.
        await api.WaitForCallsAsync(before + 3, TimeSpan.FromSeconds(60));
        return elapsed;
    }
    finally
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }
}

static string Publish(string name, string projectDirectory, bool readyToRun)
{
    var output = Path.Combine(RepositoryPaths.Root, ".artifacts", "bench", readyToRun ? "r2r" : "plain", name);
    if (Directory.Exists(output))
    {
        Directory.Delete(output, recursive: true);
    }

    var publish = Process.Start(new ProcessStartInfo("dotnet",
    [
        "publish", projectDirectory, "-c", "Release", "-r", "linux-x64", "--self-contained", "false",
        $"-p:PublishReadyToRun={readyToRun}", "-o", output, "--nologo", "-v", "q",
    ]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
    var log = publish.StandardOutput.ReadToEnd() + publish.StandardError.ReadToEnd();
    publish.WaitForExit();
    return publish.ExitCode == 0 ? output : throw new InvalidOperationException($"publish {name} failed:\n{log}");
}

static long DirectorySize(string directory) =>
    new DirectoryInfo(directory).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);

static long ZipSize(string directory)
{
    using var buffer = new MemoryStream();
    ZipFile.CreateFromDirectory(directory, buffer, CompressionLevel.Optimal, includeBaseDirectory: false);
    return buffer.Length;
}

static string Kib(long bytes) => $"{bytes / 1024.0:0} KiB";

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}
