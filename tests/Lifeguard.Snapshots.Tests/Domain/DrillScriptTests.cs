using Lifeguard.Snapshots.Domain;
using Lifeguard.TestSupport;

namespace Lifeguard.Snapshots.Tests.Domain;

/// <summary>
/// The drill's default validation run for real, as root, against ext4 filesystems on loop devices standing in for a
/// restored volume (e2fsprogs and util-linux from Debian).
/// </summary>
[Trait("Category", "Integration")]
public sealed class DrillScriptTests
{
    [Fact]
    public void DefaultValidation_SoundFilesystemWithAnUnreplayedJournal_PassesAndLeavesNothingMounted()
    {
        using var image = new LoopImage("sound");
        // Files written and the filesystem cut off without a clean unmount's final journal checkpoint.
        ExternalTool.Run("bash", ["-c", $"m=$(mktemp -d) && mount {image.Device} $m && mkdir $m/data && seq 1 100000 > $m/data/numbers && sync && umount $m && rmdir $m"], TimeSpan.FromSeconds(60));

        var (exitCode, output) = Validate(image.Device);

        Assert.True(exitCode == 0, output);
        Assert.Contains("data", output, StringComparison.Ordinal);
        Assert.Contains("1 filesystem(s) checked, exit 0", output, StringComparison.Ordinal);
        Assert.DoesNotContain("lifeguard-drill", ExternalTool.Run("cat", ["/proc/mounts"], TimeSpan.FromSeconds(5)), StringComparison.Ordinal);
    }

    [Fact]
    public void DefaultValidation_DamagedInodeTableBehindACleanFlag_Fails()
    {
        using var image = new LoopImage("damaged");
        ExternalTool.Run("bash", ["-c", $"m=$(mktemp -d) && mount {image.Device} $m && seq 1 100000 > $m/numbers && mkdir $m/d1 $m/d2 && umount $m && rmdir $m"], TimeSpan.FromSeconds(60));
        // Overwrite the first inode table blocks (block group 0) behind the filesystem's back: its clean flag stays set,
        // so `fsck -n` without -f would trust it; a forced check finds the damage.
        var table = ExternalTool.Run("bash", ["-c", $"dumpe2fs {image.Device} 2>/dev/null | awk '/Inode table at/{{split($4,a,\"-\"); print a[1]; exit}}'"], TimeSpan.FromSeconds(30)).Trim();
        ExternalTool.Run("dd", ["if=/dev/urandom", $"of={image.Device}", "bs=1024", $"seek={long.Parse(table, System.Globalization.CultureInfo.InvariantCulture) + 1}", "count=4", "conv=notrunc"], TimeSpan.FromSeconds(30));

        var (exitCode, output) = Validate(image.Device);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("exit 1", output, StringComparison.Ordinal);
    }

    private static (int ExitCode, string Output) Validate(string device)
    {
        var script = Path.Combine(Path.GetTempPath(), $"lifeguard-drill-{Guid.NewGuid():N}.sh");
        File.WriteAllLines(script, DrillScript.DefaultValidation);
        try
        {
            var start = new System.Diagnostics.ProcessStartInfo("bash", [script]) { RedirectStandardOutput = true, RedirectStandardError = true };
            start.Environment["LIFEGUARD_DRILL_DEVICE"] = device;
            using var process = System.Diagnostics.Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(120)), "the validation did not finish in 2 minutes");
            return (process.ExitCode, output.Result + error.Result);
        }
        finally
        {
            File.Delete(script);
        }
    }

    /// <summary>A 64 MiB ext4 image on a loop device, detached and deleted when disposed.</summary>
    private sealed class LoopImage : IDisposable
    {
        private readonly string _file;

        public LoopImage(string name)
        {
            _file = Path.Combine(Path.GetTempPath(), $"lifeguard-drill-{name}-{Guid.NewGuid():N}.img");
            ExternalTool.Run("truncate", ["-s", "64M", _file], TimeSpan.FromSeconds(10));
            ExternalTool.Run("mkfs.ext4", ["-q", "-F", _file], TimeSpan.FromSeconds(60));
            Device = ExternalTool.Run("losetup", ["-f", "--show", _file], TimeSpan.FromSeconds(10)).Trim();
        }

        public string Device { get; }

        public void Dispose()
        {
            ExternalTool.Run("losetup", ["-d", Device], TimeSpan.FromSeconds(10));
            File.Delete(_file);
        }
    }
}
