using Lifeguard.Snapshots.Domain;

namespace Lifeguard.Snapshots.Tests.Domain;

public sealed class CopyPlanTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);
    private static readonly Dictionary<string, Retention> Monthly = new() { ["monthly"] = Retention.Parse("3 months") };

    [Fact]
    public void Decide_Backlog_CopiesOldestFirstUpToTheRegionsLimitLessWhatIsInFlight()
    {
        var sources = Enumerable.Range(0, 30).Select(i => Original($"snap-{i:00}", Now.AddHours(-i))).ToList();
        var inFlight = Enumerable.Range(0, 5).Select(i => Copy($"snap-c{i}", $"snap-x{i}", "pending"));

        var plan = CopyPlan.Decide(sources, inFlight, Monthly, Now);

        Assert.Equal(15, plan.ToCopy.Count);
        Assert.Equal("snap-29", plan.ToCopy[0].Source.SnapshotId);
        Assert.Equal(15, plan.Waiting);
        Assert.Equal(5, plan.Overdue);
    }

    [Fact]
    public void Decide_FailedCopy_IsReportedAndNotCopiedAgainUntilDeleted()
    {
        var plan = CopyPlan.Decide([Original("snap-1", Now.AddDays(-2))], [Copy("snap-c1", "snap-1", "error")], Monthly, Now);

        Assert.Empty(plan.ToCopy);
        Assert.Equal("snap-c1", Assert.Single(plan.Failed).SnapshotId);
    }

    [Fact]
    public void Decide_OnlyOriginalsWorthACopy_NotCopiesArchivedOrOnesWhoseCopyWouldBeExpired()
    {
        var old = Original("snap-old", Now.AddMonths(-4));
        var archived = Original("snap-archived", Now.AddDays(-1)) with { StorageTier = "archive" };
        var copied = Original("snap-copied", Now.AddDays(-1)) with { VolumeId = Snapshot.NoVolume };

        var plan = CopyPlan.Decide([old, archived, copied], [], Monthly, Now);

        Assert.Empty(plan.ToCopy);
    }

    private static Snapshot Original(string id, DateTimeOffset start) => new(id, "vol-1", "completed", start, "100%", 8, null, "123456789012",
        [new(SnapshotTags.Managed, "true"), new(SnapshotTags.Tier, "monthly"), new(SnapshotTags.Volume, "vol-1")]);

    private static Snapshot Copy(string id, string of, string state) => new(id, Snapshot.NoVolume, state, Now, null, 8, null, "123456789012",
        [new(SnapshotTags.Managed, "true"), new(SnapshotTags.CopyOf, of)]);
}
