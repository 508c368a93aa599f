using System.Diagnostics;
using System.Runtime.Versioning;
using System.Text.Json;
using Lifeguard.Cdk.Packaging;
using Lifeguard.TestSupport;

namespace Lifeguard.Cdk.Tests.Packaging;

/// <summary>The deployed artifact itself: the native `bootstrap` of the Snapshots package, run as an operator runs it by hand.</summary>
[Trait("Category", "Integration")]
[UnsupportedOSPlatform("windows")] // linux-x64 packages, built and run on Linux
public sealed class NativePackageTests(SnapshotsPackage package, MotoFixture moto) : MotoTest(moto), IClassFixture<SnapshotsPackage>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    // The function's own Debug (or Release) build, as the README's `dotnet ... invoke` runs it.
    private static readonly string DebugDll = Path.Combine(
        RepositoryPaths.Root, "functions", SnapshotsPackage.Project, "bin",
        new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name, "net10.0", SnapshotsPackage.Project + ".dll");

    [Fact]
    public void Package_Native_IsAnExecutableBootstrapWithoutSymbolsOrAssemblies()
    {
        Assert.True(GlibcRequirements.IsElf(package.Bootstrap), $"{package.Bootstrap} is not an ELF executable");
        Assert.True(File.GetUnixFileMode(package.Bootstrap).HasFlag(UnixFileMode.OtherExecute | UnixFileMode.OtherRead), "Lambda runs bootstrap as another user");
        var files = Directory.EnumerateFiles(package.Directory, "*", SearchOption.AllDirectories).Select(Path.GetFileName).ToList();
        Assert.DoesNotContain(files, f => Path.GetExtension(f) is ".dbg" or ".pdb" or ".dll" or ".json");
        GlibcRequirements.Verify(package.Directory);
    }

    [Fact]
    public void Package_InputsUnchanged_IsReusedAsItIs()
    {
        var written = File.GetLastWriteTimeUtc(package.Bootstrap);

        var again = package.Packager.Package(SnapshotsPackage.Project);

        Assert.Equal(package.Directory, again);
        Assert.Equal(written, File.GetLastWriteTimeUtc(package.Bootstrap));
    }

    [Fact]
    public async Task Bootstrap_LocalInvoke_PrintsWhatTheDebugBuildPrints()
    {
        var estate = await Moto.Boto3Async("""
            import time
            ec2 = client("ec2")
            v = ec2.create_volume(AvailabilityZone="us-east-1a", Size=8)["VolumeId"]
            def snap(expires):
                tags = [{"Key": "lifeguard:managed", "Value": "true"}, {"Key": "lifeguard:volume", "Value": v}, {"Key": "lifeguard:expires-at", "Value": expires}]
                return ec2.create_snapshot(VolumeId=v, TagSpecifications=[{"ResourceType": "snapshot", "Tags": tags}])["SnapshotId"]
            old = snap("2026-01-01T00:00:00Z")
            time.sleep(1.1)  # moto's start times have one-second resolution; the second is the newest of its volume
            out({"old": old, "newest": snap("2026-01-01T00:00:00Z")})
            """);
        var file = Path.Combine(Path.GetTempPath(), $"lifeguard-expire-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, """{"asOf":"2026-06-01T00:00:00Z","dryRun":true}""");
        try
        {
            string[] arguments = ["invoke", "--handler", "expire", "--event", file];
            var native = await RunAsync(package.Bootstrap, arguments);
            var debug = await RunAsync("dotnet", [DebugDll, .. arguments]);

            Assert.True(native.ExitCode == 0, native.Error);
            Assert.True(debug.ExitCode == 0, debug.Error);
            Assert.Equal(debug.Output, native.Output);
            using var report = JsonDocument.Parse(native.Output);
            Assert.Equal([estate.GetProperty("old").GetString()], report.RootElement.GetProperty("deleted").EnumerateArray().Select(e => e.GetString()));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Bootstrap_LocalInvokeWithAWrongShapedEvent_NamesTheFieldAndExitsOne()
    {
        var file = Path.Combine(Path.GetTempPath(), $"lifeguard-expire-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, """{"dryRun":"yes"}""");
        try
        {
            var native = await RunAsync(package.Bootstrap, ["invoke", "--handler", "expire", "--event", file]);

            Assert.Equal(1, native.ExitCode);
            Assert.Empty(native.Output);
            Assert.Contains("InvalidEventException", native.Error, StringComparison.Ordinal);
            Assert.Contains("$.dryRun", native.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Bootstrap_NoArgumentsOutsideLambda_PrintsUsageAndExitsTwo()
    {
        var native = await RunAsync(package.Bootstrap, []);

        Assert.Equal(2, native.ExitCode);
        Assert.Contains("usage:", native.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bootstrap_Start_MapsTheDataItRehydratesInOneCallNotOneFaultPerPage()
    {
        // Minor page faults of a start that prints the usage, with prefault.c's constructor on and off (the fewest of
        // three each). The Snapshots binary rehydrates ~3 MB at start: ~800 faults when each page faults on first write.
        var counts = JsonDocument.Parse(await Python.RunAsync($$"""
            import json, os, resource, subprocess
            def faults(off):
                env = {k: v for k, v in os.environ.items() if k not in ("AWS_LAMBDA_RUNTIME_API", "LIFEGUARD_NO_PREFAULT")}
                if off:
                    env["LIFEGUARD_NO_PREFAULT"] = "1"
                before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_minflt
                subprocess.run([{{JsonSerializer.Serialize(package.Bootstrap)}}], env=env, capture_output=True, timeout=60)
                return resource.getrusage(resource.RUSAGE_CHILDREN).ru_minflt - before
            print(json.dumps({"on": min(faults(False) for _ in range(3)), "off": min(faults(True) for _ in range(3))}))
            """)).RootElement;
        var on = counts.GetProperty("on").GetInt32();
        var off = counts.GetProperty("off").GetInt32();

        Assert.True(off - on > 400, $"{on} minor faults with the prefault, {off} without: the rehydrated pages still fault one by one");
    }

    private async Task<CommandResult> RunAsync(string fileName, string[] arguments)
    {
        var start = new ProcessStartInfo(fileName, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment.Remove("AWS_LAMBDA_RUNTIME_API");
        foreach (var (name, value) in Moto.AwsEnvironment())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        try
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(Patience);
            return new CommandResult(process.ExitCode, await output, await error);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
