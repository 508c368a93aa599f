using Lifeguard.Snapshots.Adapters;
using Lifeguard.Snapshots.Domain;

namespace Lifeguard.Snapshots.Tests.Domain;

public sealed class ExpiryPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 4, 0, 0, TimeSpan.Zero);

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

        var plan = ExpiryPolicy.Decide(snapshots, new HashSet<string> { "vol-a", "vol-b", "vol-c" }, new HashSet<string> { "snap-ami" }, Now, TimeSpan.FromHours(6));

        Assert.Equal(["snap-expired"], plan.Delete.Select(s => s.SnapshotId));
        Assert.Equal(
            [
                ("snap-newest", ExpirySkipReason.NewestOfVolume),
                ("snap-protected", ExpirySkipReason.Protected),
                ("snap-ami", ExpirySkipReason.UsedByImage),
                ("snap-unmanaged", ExpirySkipReason.NotManaged),
                ("snap-pending", ExpirySkipReason.NotCompleted),
            ],
            plan.Skipped.Select(s => (s.SnapshotId, s.Reason)));
        Assert.Empty(plan.Problems);
    }

    [Fact]
    public void Decide_UnparseableExpiryWithACatalogSayingDue_IsKeptAsBadExpiry()
    {
        Snapshot[] snapshots = [Make("snap-x", "vol-gone", Now.AddDays(-9), expiresText: "soon")];

        var plan = ExpiryPolicy.Decide(snapshots, new HashSet<string>(), new HashSet<string>(), Now, TimeSpan.FromHours(6), dueInCatalog: new HashSet<string> { "snap-x" });

        Assert.Empty(plan.Delete);
        Assert.Equal(ExpirySkipReason.BadExpiry, Assert.Single(plan.Skipped).Reason);
    }

    [Fact]
    public void Decide_VolumeDeleted_ItsLastSnapshotMayExpire()
    {
        Snapshot[] snapshots = [Make("snap-last", "vol-gone", Now.AddDays(-9), expires: Now.AddDays(-2))];

        var plan = ExpiryPolicy.Decide(snapshots, new HashSet<string>(), new HashSet<string>(), Now, TimeSpan.FromHours(6));

        Assert.Equal(["snap-last"], plan.Delete.Select(s => s.SnapshotId));
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

        var plan = ExpiryPolicy.Decide(snapshots, new HashSet<string> { "vol-a" }, new HashSet<string>(), Now, TimeSpan.FromHours(6));

        Assert.Equal(["snap-error", "snap-stuck"], plan.Problems.Select(p => p.SnapshotId));
    }

    [Fact]
    public void Decide_CatalogGiven_OnlyItsDueEntriesAreCandidates()
    {
        Snapshot[] snapshots =
        [
            Make("snap-1", "vol-a", Now.AddDays(-5), expires: Now.AddDays(-1)),
            Make("snap-2", "vol-a", Now.AddDays(-4), expires: Now.AddDays(-1)),
            Make("snap-3", "vol-a", Now.AddDays(-1), expires: Now.AddDays(5)),
        ];

        var plan = ExpiryPolicy.Decide(snapshots, new HashSet<string> { "vol-a" }, new HashSet<string>(), Now, TimeSpan.FromHours(6), dueInCatalog: new HashSet<string> { "snap-2" });

        Assert.Equal(["snap-2"], plan.Delete.Select(s => s.SnapshotId));
    }

    [Fact]
    public void Decide_OldestExpiryFirst_SoAnInterruptedRunLeavesTheYoungest()
    {
        Snapshot[] snapshots =
        [
            Make("snap-late", "vol-gone", Now.AddDays(-5), expires: Now.AddHours(-1)),
            Make("snap-early", "vol-gone", Now.AddDays(-6), expires: Now.AddDays(-3)),
        ];

        var plan = ExpiryPolicy.Decide(snapshots, new HashSet<string>(), new HashSet<string>(), Now, TimeSpan.FromHours(6));

        Assert.Equal(["snap-early", "snap-late"], plan.Delete.Select(s => s.SnapshotId));
    }

    private static Snapshot Make(
        string id, string volume, DateTimeOffset started, DateTimeOffset? expires = null, string? expiresText = null,
        string state = "completed", string managed = "true", Ec2Tag[]? extra = null) =>
        new(id, volume, state, started, "100%", 8, null, "123456789012",
        [
            new(SnapshotTags.Managed, managed),
            new(SnapshotTags.ExpiresAt, expiresText ?? SnapshotSlot.FormatExpiry(expires!.Value)),
            .. extra ?? [],
        ]);
}
