using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Lifeguard.Snapshots.Domain;

namespace Lifeguard.Snapshots.Tests.Drills;

public sealed class DrillPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public void NewestRestorable_MixedSnapshots_TakesTheNewestCompletedManagedStandardOne()
    {
        Snapshot[] snapshots =
        [
            Snap("snap-00000001", Now.AddDays(-3)),
            Snap("snap-00000002", Now.AddDays(-2)),
            Snap("snap-00000003", Now.AddDays(-1)) with { State = "pending" },
            Snap("snap-00000004", Now.AddHours(-12), managed: false),
            Snap("snap-00000005", Now.AddHours(-6)) with { StorageTier = "archive" },
            Snap("snap-00000006", Now.AddHours(-1), volume: "vol-00000002"),
        ];

        Assert.Equal("snap-00000002", DrillPolicy.NewestRestorable(snapshots, "vol-00000001")?.SnapshotId);
        Assert.Null(DrillPolicy.NewestRestorable(snapshots, "vol-00000009"));
    }

    [Fact]
    public void Order_WithSample_NeverDrilledFirstThenOldestPass()
    {
        Volume[] volumes = [Vol("vol-0000000a", passed: Now.AddDays(-1)), Vol("vol-0000000b"), Vol("vol-0000000c", passed: Now.AddDays(-9)), Vol("vol-0000000d")];

        Assert.Equal(["vol-0000000b", "vol-0000000d", "vol-0000000c"], DrillPolicy.Order(volumes, 3).Select(v => v.VolumeId));
        Assert.Equal(4, DrillPolicy.Order(volumes, null).Count);
    }

    [Fact]
    public void Order_LastAttemptCountsBeforeLastPass()
    {
        var failingLately = Vol("vol-0000000a", passed: Now.AddDays(-30)) with
        {
            Tags = [new(DrillTags.PassedAt, SnapshotSlot.FormatExpiry(Now.AddDays(-30))), new(DrillTags.TriedAt, SnapshotSlot.FormatExpiry(Now.AddDays(-1)))],
        };

        Assert.Equal("vol-0000000b", DrillPolicy.Order([failingLately, Vol("vol-0000000b", passed: Now.AddDays(-7))], 1).Single().VolumeId);
    }

    [Fact]
    public void Leftovers_OnlyTaggedAndOlderThanTheThreshold()
    {
        Volume[] volumes =
        [
            Vol("vol-00000001", created: Now.AddHours(-2), drill: "run-1"),
            Vol("vol-00000002", created: Now.AddMinutes(-10), drill: "run-2"),
            Vol("vol-00000003", created: Now.AddDays(-30)),
            Vol("vol-00000004", created: null, drill: "run-3"),
        ];

        Assert.Equal(["vol-00000001", "vol-00000004"], DrillPolicy.Leftovers(volumes, Now, TimeSpan.FromHours(1)).Select(v => v.VolumeId));
    }

    [Property(MaxTest = 300)]
    public Property Leftovers_NeverAVolumeWithoutTheDrillTag(int[] ageMinutes, bool[] tagged)
    {
        var volumes = (ageMinutes ?? []).Select((age, i) => Vol($"vol-{i:x8}", created: Now.AddMinutes(-Math.Abs((long)age)),
            drill: (tagged ?? []).ElementAtOrDefault(i) ? "run" : null)).ToList();

        var leftovers = DrillPolicy.Leftovers(volumes, Now, TimeSpan.FromHours(1));

        return leftovers.All(v => v.Tags.Any(t => t.Key == DrillTags.Drill && t.Value.Length > 0)).ToProperty();
    }

    [Fact]
    public void Standings_PassAlertAndAge_DecideNewlyOverdueAndRecovered()
    {
        Volume[] volumes =
        [
            Vol("vol-00000001", created: Now.AddDays(-30)),
            Vol("vol-00000002", created: Now.AddDays(-3)),
            Vol("vol-00000003", created: Now.AddDays(-30), passed: Now.AddDays(-20), alerted: true),
            Vol("vol-00000004", created: Now.AddDays(-30), passed: Now.AddDays(-20), alerted: true),
            Vol("vol-00000005", created: Now.AddDays(-30), passed: Now.AddDays(-2), alerted: true),
        ];
        var passedNow = new Dictionary<string, DateTimeOffset> { ["vol-00000004"] = Now };

        var standings = DrillPolicy.Standings(volumes, passedNow, Now, TimeSpan.FromDays(14)).ToDictionary(s => s.VolumeId);

        Assert.True(standings["vol-00000001"].NewlyOverdue);
        Assert.False(standings["vol-00000002"].Overdue);
        Assert.True(standings["vol-00000003"] is { Overdue: true, NewlyOverdue: false, Recovered: false });
        Assert.True(standings["vol-00000004"].Recovered);
        Assert.True(standings["vol-00000005"].Recovered);
    }

    [Fact]
    public void FreeDevice_SkipsNamesInUseAsSdOrXvd()
    {
        var instance = new Instance("i-00000001", "running", null, null, "/dev/xvda",
            [new("/dev/xvda", "vol-00000001"), new("/dev/sdz", "vol-00000002"), new("/dev/xvdy", "vol-00000003")], []);

        Assert.Equal("/dev/sdx", DrillScript.FreeDevice(instance));
    }

    [Fact]
    public void Build_ExportsTheDeviceThenRunsTheCommand()
    {
        var script = DrillScript.Build("vol-0123456789abcdef0", "snap-0123456789abcdef0", "/dev/sdy", "pg_verifybackup /mnt");

        Assert.Contains(script, l => l.Contains("nvme-Amazon_Elastic_Block_Store_vol0123456789abcdef0", StringComparison.Ordinal));
        Assert.Contains(script, l => l.Contains("/dev/sdy /dev/xvdy", StringComparison.Ordinal));
        Assert.Equal("pg_verifybackup /mnt", script[^1]);
    }

    [Theory]
    [InlineData("vol-1; reboot", "snap-0123456789abcdef0", "/dev/sdz")]
    [InlineData("vol-0123456789abcdef0", "snap-$(reboot)", "/dev/sdz")]
    [InlineData("vol-0123456789abcdef0", "snap-0123456789abcdef0", "/dev/sda1")]
    public void Build_AnythingButPlainIds_IsRefused(string volumeId, string snapshotId, string device) =>
        Assert.Throws<ArgumentException>(() => DrillScript.Build(volumeId, snapshotId, device, null));

    [Fact]
    public void Tail_LongOutput_KeepsTheLastWholeLines()
    {
        var output = string.Join('\n', Enumerable.Range(1, 500).Select(i => $"line {i}"));

        var tail = DrillScript.Tail(output, 100);

        Assert.StartsWith("...line ", tail, StringComparison.Ordinal);
        Assert.EndsWith("line 500", tail, StringComparison.Ordinal);
        Assert.True(tail.Length <= 103);
    }

    private static Snapshot Snap(string id, DateTimeOffset started, bool managed = true, string volume = "vol-00000001") =>
        new(id, volume, "completed", started, "100%", 8, null, "123456789012", managed ? [new(SnapshotTags.Managed, "true")] : []);

    private static Volume Vol(string id, DateTimeOffset? created = null, DateTimeOffset? passed = null, bool alerted = false, string? drill = null)
    {
        var tags = new List<Ec2Tag>();
        if (passed is { } p)
        {
            tags.Add(new(DrillTags.PassedAt, SnapshotSlot.FormatExpiry(p)));
        }

        if (alerted)
        {
            tags.Add(new(DrillTags.OverdueAlerted, "2026-11-01T00:00:00Z"));
        }

        if (drill is not null)
        {
            tags.Add(new(DrillTags.Drill, drill));
        }

        return new Volume(id, 8, "us-east-1a", "available", "gp3", false, created ?? Now.AddDays(-100), [], tags);
    }
}
