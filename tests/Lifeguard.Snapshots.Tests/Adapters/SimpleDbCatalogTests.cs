using Lifeguard.Snapshots.Adapters;

namespace Lifeguard.Snapshots.Tests.Adapters;

public sealed class SimpleDbCatalogTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 4, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task DueAsync_Entries_AreThoseThatExpiredBeforeNow()
    {
        var (simpleDb, catalog) = CreateSut();
        await catalog.RecordAsync("snap-old", "vol-1", "daily", Now.AddDays(-1), CancellationToken.None);
        await catalog.RecordAsync("snap-new", "vol-1", "daily", Now.AddDays(1), CancellationToken.None);

        var due = await catalog.DueAsync(Now, CancellationToken.None);

        Assert.Equal(["snap-old"], due!);
        Assert.Equal("2026-11-20T04:00:00Z", simpleDb.Items["snap-old"]["expires"]);
    }

    [Fact]
    public async Task RecordAsync_RepeatedDelivery_KeepsTheFirstEntry()
    {
        var (simpleDb, catalog) = CreateSut();
        await catalog.RecordAsync("snap-1", "vol-1", "daily", Now, CancellationToken.None);

        await catalog.RecordAsync("snap-1", "vol-1", "daily", Now.AddYears(1), CancellationToken.None);

        Assert.Equal("2026-11-21T04:00:00Z", simpleDb.Items["snap-1"]["expires"]);
    }

    [Fact]
    public async Task PruneAsync_EntryWhoseSnapshotIsGone_IsRemoved()
    {
        var (simpleDb, catalog) = CreateSut();
        await catalog.RecordAsync("snap-gone", "vol-1", "daily", Now, CancellationToken.None);
        await catalog.RecordAsync("snap-here", "vol-1", "daily", Now, CancellationToken.None);

        var pruned = await catalog.PruneAsync(new HashSet<string> { "snap-here" }, CancellationToken.None);

        Assert.Equal(1, pruned);
        Assert.Equal(["snap-here"], simpleDb.Items.Keys);
    }

    private static (InMemorySimpleDb SimpleDb, SimpleDbCatalog Catalog) CreateSut()
    {
        var simpleDb = new InMemorySimpleDb();
        return (simpleDb, new SimpleDbCatalog(simpleDb, "snapshot"));
    }
}
