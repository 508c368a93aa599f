using Lifeguard.Snapshots.Domain;

namespace Lifeguard.Snapshots.Tests.Domain;

public sealed class CoveragePolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    private static readonly Dictionary<string, TimeSpan> Intervals = new() { ["3-hourly"] = TimeSpan.FromHours(3), ["daily"] = TimeSpan.FromDays(1) };

    [Fact]
    public void Assess_PerTier_TakesTheNewestCompletedManagedSnapshotOfThatVolume()
    {
        var target = Target("vol-a", ["3-hourly", "daily"], created: Now.AddDays(-30));
        Snapshot[] snapshots =
        [
            Make("snap-daily-old", "vol-a", "daily", Now.AddDays(-2)),
            Make("snap-daily", "vol-a", "daily", Now.AddHours(-9)),
            Make("snap-pending", "vol-a", "daily", Now.AddHours(-1), state: "pending"),
            Make("snap-unmanaged", "vol-a", "3-hourly", Now.AddHours(-1), managed: "false"),
            Make("snap-other-volume", "vol-b", "3-hourly", Now.AddHours(-1)),
            // A copy made by hand with its tags: it names the volume in a tag but EC2 says it is of no volume.
            Make("snap-copy", Snapshot.NoVolume, "3-hourly", Now.AddHours(-1), extra: [new(SnapshotTags.Volume, "vol-a")]),
        ];

        var coverage = Assert.Single(CoveragePolicy.Assess([target], snapshots, Intervals, Now));

        var threeHourly = coverage.Tiers.Single(t => t.Tier == "3-hourly");
        Assert.Null(threeHourly.NewestSnapshotId);
        Assert.True(threeHourly.Overdue);
        var daily = coverage.Tiers.Single(t => t.Tier == "daily");
        Assert.Equal(("snap-daily", TimeSpan.FromHours(9), false), (daily.NewestSnapshotId, daily.Age!.Value, daily.Overdue));
        // Newest over its tiers (9 hours) against twice its shortest tier (6 hours).
        Assert.Equal((CoverageStatus.Unprotected, TimeSpan.FromHours(6), "snap-daily"), (coverage.Status, coverage.Threshold, coverage.NewestSnapshotId));
    }

    [Theory]
    [InlineData(5.9, CoverageStatus.Covered)]
    [InlineData(6.1, CoverageStatus.Unprotected)]
    public void Assess_NewestOverAllTiers_AgainstTwiceTheShortestInterval(double hours, CoverageStatus expected)
    {
        var target = Target("vol-a", ["3-hourly", "daily"], created: Now.AddDays(-30));

        var coverage = CoveragePolicy.Assess([target], [Make("snap-daily", "vol-a", "daily", Now.AddHours(-hours))], Intervals, Now);

        Assert.Equal(expected, Assert.Single(coverage).Status);
    }

    [Theory]
    [InlineData(47, CoverageStatus.New)]
    [InlineData(49, CoverageStatus.Unprotected)]
    public void Assess_NoSnapshotYet_IsNewUntilTheVolumeIsOlderThanTheThreshold(int hours, CoverageStatus expected)
    {
        var target = Target("vol-a", ["daily"], created: Now.AddHours(-hours));

        Assert.Equal(expected, Assert.Single(CoveragePolicy.Assess([target], [], Intervals, Now)).Status);
    }

    [Fact]
    public void Assess_UnknownCreateTimeAndNoSnapshot_IsUnprotected()
    {
        Assert.Equal(CoverageStatus.Unprotected, Assert.Single(CoveragePolicy.Assess([Target("vol-a", ["daily"], created: null)], [], Intervals, Now)).Status);
    }

    [Fact]
    public void Decide_AlertsOnceRecoversOnceAndDropsStaleState()
    {
        var coverage = CoveragePolicy.Assess(
            [
                Target("vol-new-problem", ["daily"], Now.AddDays(-9)),
                Target("vol-told", ["daily"], Now.AddDays(-9), alertedSince: "2026-11-20T00:00:00Z"),
                Target("vol-recovered", ["daily"], Now.AddDays(-9), alertedSince: "2026-11-20T00:00:00Z"),
                Target("vol-fine", ["daily"], Now.AddDays(-9)),
            ],
            [Make("snap-r", "vol-recovered", "daily", Now.AddHours(-1)), Make("snap-f", "vol-fine", "daily", Now.AddHours(-1))],
            Intervals,
            Now);
        InvalidBackupTag[] invalid =
        [
            new("vol-typo", "dialy", ["dialy"], Reported: null),
            new("vol-typo-told", "dialy", ["dialy"], Reported: "dialy"),
            new("i-0123456789abcdef0", "wekly", ["wekly"], Reported: "dialy"),
        ];
        StateTag[] present =
        [
            new("vol-told", SnapshotTags.UnprotectedSince),
            new("vol-recovered", SnapshotTags.UnprotectedSince),
            new("vol-typo-told", SnapshotTags.BackupTagInvalid),
            new("i-0123456789abcdef0", SnapshotTags.BackupTagInvalid),
            new("vol-fixed", SnapshotTags.BackupTagInvalid),
            new("i-0123456789abcdef0", SnapshotTags.UnprotectedSince + ":vol-detached"),
        ];

        var changes = CoveragePolicy.Decide(coverage, invalid, present);

        Assert.Equal(["vol-new-problem"], changes.NewlyUnprotected.Select(c => c.Target.VolumeId));
        Assert.Equal(["vol-recovered"], changes.Recovered.Select(c => c.Target.VolumeId));
        // A different typo on a resource already told about is news.
        Assert.Equal(["vol-typo", "i-0123456789abcdef0"], changes.NewlyInvalid.Select(i => i.ResourceId));
        Assert.Equal(
            [new StateTag("vol-fixed", SnapshotTags.BackupTagInvalid), new StateTag("i-0123456789abcdef0", SnapshotTags.UnprotectedSince + ":vol-detached")],
            changes.Stale);
    }

    [Fact]
    public void Unprotected_VolumeProtectedOnlyThroughItsInstance_KeepsStateOnTheInstanceUnderItsOwnKey()
    {
        Assert.Equal(new StateTag("i-1", "lifeguard:unprotected-since:vol-1"), StateTag.Unprotected("vol-1", volumeTagged: false, "i-1"));
        Assert.Equal(new StateTag("vol-1", "lifeguard:unprotected-since"), StateTag.Unprotected("vol-1", volumeTagged: true, "i-1"));
    }

    private static CoverageTarget Target(string volumeId, IReadOnlyList<string> tiers, DateTimeOffset? created, string? alertedSince = null) =>
        new(volumeId, null, created, tiers, [], StateTag.Unprotected(volumeId, volumeTagged: true, null), alertedSince);

    private static Snapshot Make(string id, string volumeId, string tier, DateTimeOffset start, string state = "completed", string managed = "true", IReadOnlyList<Ec2Tag>? extra = null) =>
        new(id, volumeId, state, start, "100%", 8, null, "123456789012", [new(SnapshotTags.Managed, managed), new(SnapshotTags.Tier, tier), .. extra ?? []]);
}
