using Lifeguard.Snapshots.Adapters;
using Lifeguard.Snapshots.Domain;

namespace Lifeguard.Snapshots.Tests.Domain;

public sealed class ExpiryPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 4, 0, 0, TimeSpan.Zero);
    private static readonly ExpiryFacts NoVolumes = new(new HashSet<string>(), new HashSet<string>(), Now);

    [Fact]
    public void Decide_EachNeverDeleteRule_KeepsAndSaysWhy()
    {
        Snapshot[] snapshots =
        [
            Make("snap-expired", "vol-a", Now.AddDays(-3), expires: Now.AddHours(-1)),
            Make("snap-newest", "vol-a", Now.AddDays(-1), expires: Now.AddMinutes(-1)),
            Make("snap-protected", "vol-b", Now.AddDays(-5), expires: Now.AddDays(-1), extra: [new(SnapshotTags.Protect, "legal")]),
            Make("snap-ami", "vol-b", Now.AddDays(-4), expires: Now.AddDays(-1)),
            Make("snap-unmanaged", "vol-b", Now.AddDays(-4), expires: Now.AddDays(-1), managed: "false"),
            Make("snap-badexpiry", "vol-b", Now.AddDays(-4), expiresText: "next tuesday"),
            Make("snap-pending", "vol-b", Now.AddHours(-1), expires: Now.AddDays(-1), state: "pending"),
            Make("snap-b-newest", "vol-b", Now.AddHours(-2), expires: Now.AddDays(6)),
            Make("snap-future", "vol-c", Now.AddDays(-1), expires: Now.AddDays(1)),
        ];

        var plan = ExpiryPolicy.Decide(snapshots, new ExpiryFacts(new HashSet<string> { "vol-a", "vol-b", "vol-c" }, new HashSet<string> { "snap-ami" }, Now));

        Assert.Equal(["snap-expired"], plan.Delete.Select(s => s.SnapshotId));
        Assert.Equal(
            [
                ("snap-newest", ExpirySkipReason.NewestOfVolume),
                ("snap-protected", ExpirySkipReason.Protected),
                ("snap-ami", ExpirySkipReason.UsedByImage),
                ("snap-unmanaged", ExpirySkipReason.NotManaged),
                ("snap-badexpiry", ExpirySkipReason.BadExpiry),
                ("snap-pending", ExpirySkipReason.NotCompleted),
            ],
            plan.Skipped.Select(s => (s.SnapshotId, s.Reason)));
        Assert.Empty(plan.Problems);
    }

    [Fact]
    public void Decide_UnparseableExpiryWithACatalogSayingDue_IsKeptAsBadExpiry()
    {
        Snapshot[] snapshots = [Make("snap-x", "vol-gone", Now.AddDays(-9), expiresText: "soon")];

        var plan = ExpiryPolicy.Decide(snapshots, new ExpiryFacts(new HashSet<string>(), new HashSet<string>(), Now) { DueInCatalog = new HashSet<string> { "snap-x" } });

        Assert.Empty(plan.Delete);
        Assert.Equal(ExpirySkipReason.BadExpiry, Assert.Single(plan.Skipped).Reason);
    }

    [Fact]
    public void Decide_VolumeDeleted_ItsLastSnapshotIsKeptForTheOrphanRetentionPastItsExpiry()
    {
        Snapshot[] snapshots =
        [
            Make("snap-older", "vol-gone", Now.AddDays(-10), expires: Now.AddDays(-3)),
            Make("snap-last", "vol-gone", Now.AddDays(-9), expires: Now.AddDays(-2)),
        ];

        var plan = ExpiryPolicy.Decide(snapshots, NoVolumes with { OrphanRetention = TimeSpan.FromDays(30) });
        var later = ExpiryPolicy.Decide(snapshots, NoVolumes with { Now = Now.AddDays(29), OrphanRetention = TimeSpan.FromDays(30) });

        Assert.Equal(["snap-older"], plan.Delete.Select(s => s.SnapshotId));
        var kept = Assert.Single(plan.Skipped);
        Assert.Equal(("snap-last", ExpirySkipReason.LastOfDeletedVolume), (kept.SnapshotId, kept.Reason));
        Assert.Contains(SnapshotSlot.FormatExpiry(Now.AddDays(28)), kept.Detail, StringComparison.Ordinal);
        Assert.Equal(["snap-older", "snap-last"], later.Delete.Select(s => s.SnapshotId));
    }

    [Fact]
    public void Decide_ErrorAndLongPending_AreReported()
    {
        Snapshot[] snapshots =
        [
            Make("snap-error", "vol-a", Now.AddDays(-1), expires: Now.AddDays(6), state: "error"),
            Make("snap-stuck", "vol-a", Now.AddHours(-7), expires: Now.AddDays(6), state: "pending"),
            Make("snap-fresh", "vol-a", Now.AddHours(-1), expires: Now.AddDays(6), state: "pending"),
        ];

        var plan = ExpiryPolicy.Decide(snapshots, new ExpiryFacts(new HashSet<string> { "vol-a" }, new HashSet<string>(), Now));

        Assert.Equal(["snap-error", "snap-stuck"], plan.Problems.Select(p => p.SnapshotId));
    }

    [Fact]
    public void Decide_CatalogGiven_DeletesOnlyWhatTagAndCatalogBothSayIsDue_AndReportsEachDisagreement()
    {
        Snapshot[] snapshots =
        [
            Make("snap-tag-only", "vol-a", Now.AddDays(-5), expires: Now.AddDays(-1)),
            Make("snap-both", "vol-a", Now.AddDays(-4), expires: Now.AddDays(-1)),
            Make("snap-extended", "vol-a", Now.AddDays(-3), expiresText: "2099-01-01T00:00:00Z"),
            Make("snap-newest", "vol-a", Now.AddDays(-1), expires: Now.AddDays(5)),
        ];

        var plan = ExpiryPolicy.Decide(snapshots, new ExpiryFacts(new HashSet<string> { "vol-a" }, new HashSet<string>(), Now)
        {
            DueInCatalog = new HashSet<string> { "snap-both", "snap-extended" },
        });

        Assert.Equal(["snap-both"], plan.Delete.Select(s => s.SnapshotId));
        Assert.Equal(
            [("snap-tag-only", ExpirySkipReason.CatalogDisagrees), ("snap-extended", ExpirySkipReason.CatalogDisagrees)],
            plan.Skipped.Select(s => (s.SnapshotId, s.Reason)));
        Assert.Contains("2099-01-01T00:00:00Z", plan.Skipped[1].Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("vol-ffffffff", "vol-a", "a copy or an import")]
    [InlineData("vol-b", "vol-a", "its lifeguard:volume tag names vol-a, but it was made from vol-b")]
    [InlineData("vol-a", null, "neither lifeguard:volume nor lifeguard:instance tag")]
    public void Decide_CopyThatKeptTheTags_IsNotOursAndIsKept(string volumeId, string? volumeTag, string expected)
    {
        Snapshot[] snapshots =
        [
            Make("snap-copy", volumeId, Now.AddDays(-3), expires: Now.AddDays(-1), volumeTag: volumeTag),
            Make("snap-newest", "vol-a", Now.AddDays(-1), expires: Now.AddDays(5)),
        ];

        var plan = ExpiryPolicy.Decide(snapshots, new ExpiryFacts(new HashSet<string> { "vol-a", "vol-b" }, new HashSet<string>(), Now));

        Assert.Empty(plan.Delete);
        var skip = Assert.Single(plan.Skipped);
        Assert.Equal(ExpirySkipReason.NotOurs, skip.Reason);
        Assert.Contains(expected, skip.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_CopyNewerThanTheOriginals_DoesNotShieldTheRealNewest()
    {
        // Were the copy (a later start time, same volume id in the tag) counted, snap-real-newest would lose its guard.
        Snapshot[] snapshots =
        [
            Make("snap-real-newest", "vol-a", Now.AddDays(-2), expires: Now.AddDays(-1)),
            Make("snap-copy", Snapshot.NoVolume, Now.AddHours(-1), expires: Now.AddDays(-1), volumeTag: "vol-a"),
        ];

        var plan = ExpiryPolicy.Decide(snapshots, new ExpiryFacts(new HashSet<string> { "vol-a" }, new HashSet<string>(), Now));

        Assert.Empty(plan.Delete);
        Assert.Equal(ExpirySkipReason.NewestOfVolume, plan.Skipped.Single(s => s.SnapshotId == "snap-real-newest").Reason);
    }

    [Fact]
    public void Decide_InstanceSnapshotWithoutVolumeTag_IsOurs()
    {
        Snapshot[] snapshots =
        [
            Make("snap-old", "vol-a", Now.AddDays(-3), expires: Now.AddDays(-1), volumeTag: null, extra: [new(SnapshotTags.Instance, "i-0123456789abcdef0")]),
            Make("snap-newest", "vol-a", Now.AddDays(-1), expires: Now.AddDays(5), volumeTag: null, extra: [new(SnapshotTags.Instance, "i-0123456789abcdef0")]),
        ];

        var plan = ExpiryPolicy.Decide(snapshots, new ExpiryFacts(new HashSet<string> { "vol-a" }, new HashSet<string>(), Now));

        Assert.Equal(["snap-old"], plan.Delete.Select(s => s.SnapshotId));
    }

    [Fact]
    public void Decide_ArchivedSnapshot_IsNeverDeleted()
    {
        Snapshot[] snapshots = [Make("snap-archived", "vol-gone", Now.AddDays(-200), expires: Now.AddDays(-100)) with { StorageTier = "archive" }, Make("snap-newer", "vol-gone", Now.AddDays(-10), expires: Now.AddDays(-90))];

        var plan = ExpiryPolicy.Decide(snapshots, NoVolumes);

        Assert.Equal(["snap-newer"], plan.Delete.Select(s => s.SnapshotId));
        Assert.Equal(ExpirySkipReason.Archived, Assert.Single(plan.Skipped).Reason);
    }

    [Fact]
    public void Decide_TierWithACount_KeepsItsNewestNPerVolumeWhateverTheirAge_AndDeletesOnlyWhatAgeAndCountBothAllow()
    {
        Ec2Tag[] Tier(string tier) => [new(SnapshotTags.Tier, tier)];
        Snapshot[] snapshots =
        [
            Make("snap-d1", "vol-a", Now.AddDays(-4), expires: Now.AddDays(-3), extra: Tier("daily")),
            Make("snap-d2", "vol-a", Now.AddDays(-3), expires: Now.AddDays(-2), extra: Tier("daily")),
            Make("snap-d3", "vol-a", Now.AddDays(-2), expires: Now.AddDays(-1), extra: Tier("daily")),
            Make("snap-w1", "vol-a", Now.AddDays(-20), expires: Now.AddDays(-5), extra: Tier("weekly")),
            Make("snap-newest", "vol-a", Now.AddHours(-1), expires: Now.AddDays(1), extra: Tier("3-hourly")),
            Make("snap-b1", "vol-b", Now.AddDays(-4), expires: Now.AddDays(-3), extra: Tier("daily")),
            Make("snap-b2", "vol-b", Now.AddDays(-3), expires: Now.AddDays(5), extra: Tier("daily")),
        ];

        var plan = ExpiryPolicy.Decide(snapshots, new ExpiryFacts(new HashSet<string> { "vol-a", "vol-b" }, new HashSet<string>(), Now)
        {
            KeepPerTier = new Dictionary<string, int> { ["daily"] = 2 },
        });

        Assert.Equal(["snap-w1", "snap-d1"], plan.Delete.Select(s => s.SnapshotId));
        Assert.Equal(
            [("snap-d2", ExpirySkipReason.KeptByCount), ("snap-d3", ExpirySkipReason.KeptByCount), ("snap-b1", ExpirySkipReason.KeptByCount)],
            plan.Skipped.Select(s => (s.SnapshotId, s.Reason)));
        Assert.Contains("one of the newest 2 daily snapshots of vol-a", plan.Skipped[0].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_ArchivedNewest_DoesNotStandInForTheNewestStandardSnapshot()
    {
        Snapshot[] snapshots =
        [
            Make("snap-standard", "vol-a", Now.AddDays(-3), expires: Now.AddDays(-1)),
            Make("snap-archived", "vol-a", Now.AddDays(-1), expires: Now.AddDays(300)) with { StorageTier = "archive" },
        ];

        var plan = ExpiryPolicy.Decide(snapshots, new ExpiryFacts(new HashSet<string> { "vol-a" }, new HashSet<string>(), Now));

        Assert.Empty(plan.Delete);
        Assert.Equal(ExpirySkipReason.NewestOfVolume, Assert.Single(plan.Skipped).Reason);
    }

    [Fact]
    public void Decide_CountOnADeletedVolume_GivesWayToTheOrphanRule()
    {
        Snapshot[] snapshots =
        [
            Make("snap-m1", "vol-gone", Now.AddDays(-400), expires: Now.AddDays(-35), extra: [new(SnapshotTags.Tier, "monthly")]),
            Make("snap-m2", "vol-gone", Now.AddDays(-370), expires: Now.AddDays(-31), extra: [new(SnapshotTags.Tier, "monthly")]),
        ];

        var plan = ExpiryPolicy.Decide(snapshots, NoVolumes with { KeepPerTier = new Dictionary<string, int> { ["monthly"] = 12 } });

        Assert.Equal(["snap-m1", "snap-m2"], plan.Delete.Select(s => s.SnapshotId));
    }

    [Fact]
    public void Decide_TagEditedToThePast_KeepsTheSnapshotUntilItsTiersRetentionHasPassed()
    {
        Snapshot[] snapshots =
        [
            Make("snap-edited", "vol-a", Now.AddDays(-2), expires: Now.AddDays(-1), extra: [new(SnapshotTags.Tier, "daily")]),
            Make("snap-manual", "vol-a", Now.AddDays(-2), expires: Now.AddDays(-1), extra: [new(SnapshotTags.Tier, "now")]),
            Make("snap-newest", "vol-a", Now.AddHours(-1), expires: Now.AddDays(5), extra: [new(SnapshotTags.Tier, "daily")]),
        ];
        var facts = new ExpiryFacts(new HashSet<string> { "vol-a" }, new HashSet<string>(), Now)
        {
            RetentionPerTier = new Dictionary<string, Retention> { ["daily"] = Retention.Parse("7 days") },
        };

        var plan = ExpiryPolicy.Decide(snapshots, facts);
        var later = ExpiryPolicy.Decide(snapshots, facts with { Now = Now.AddDays(5) });

        Assert.Equal(["snap-manual"], plan.Delete.Select(s => s.SnapshotId));
        var kept = Assert.Single(plan.Skipped);
        Assert.Equal(("snap-edited", ExpirySkipReason.TooYoungForItsTier), (kept.SnapshotId, kept.Reason));
        Assert.Contains("kept until 2026-11-26T04:00:00Z", kept.Detail, StringComparison.Ordinal);
        Assert.Equal(["snap-edited", "snap-manual"], later.Delete.Select(s => s.SnapshotId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void SharedSkip_SharedAndNotAllowed_KeepsNamingWhoItIsSharedWith()
    {
        var snapshot = Make("snap-shared", "vol-a", Now.AddDays(-3), expires: Now.AddDays(-1));

        var skip = ExpiryPolicy.SharedSkip(snapshot, ["111122223333"], deleteShared: false);

        Assert.Equal(ExpirySkipReason.Shared, skip?.Reason);
        Assert.Contains("111122223333", skip!.Detail, StringComparison.Ordinal);
        Assert.Null(ExpiryPolicy.SharedSkip(snapshot, ["111122223333"], deleteShared: true));
        Assert.Null(ExpiryPolicy.SharedSkip(snapshot, [], deleteShared: false));
    }

    [Fact]
    public void Decide_OldestExpiryFirst_SoAnInterruptedRunLeavesTheYoungest()
    {
        Snapshot[] snapshots =
        [
            Make("snap-late", "vol-gone", Now.AddDays(-5), expires: Now.AddHours(-1)),
            Make("snap-early", "vol-gone", Now.AddDays(-6), expires: Now.AddDays(-3)),
        ];

        var plan = ExpiryPolicy.Decide(snapshots, NoVolumes with { OrphanRetention = TimeSpan.Zero });

        Assert.Equal(["snap-early", "snap-late"], plan.Delete.Select(s => s.SnapshotId));
    }

    /// <summary>A snapshot as Lifeguard tags it; <paramref name="volumeTag"/> defaults to its own volume (ours).</summary>
    private static Snapshot Make(
        string id, string volume, DateTimeOffset started, DateTimeOffset? expires = null, string? expiresText = null,
        string state = "completed", string managed = "true", Ec2Tag[]? extra = null, string? volumeTag = "(own)") =>
        new(id, volume, state, started, "100%", 8, null, "123456789012",
        [
            new(SnapshotTags.Managed, managed),
            new(SnapshotTags.ExpiresAt, expiresText ?? SnapshotSlot.FormatExpiry(expires!.Value)),
            .. volumeTag is null ? Array.Empty<Ec2Tag>() : [new Ec2Tag(SnapshotTags.Volume, volumeTag == "(own)" ? volume : volumeTag)],
            .. extra ?? [],
        ]);
}
