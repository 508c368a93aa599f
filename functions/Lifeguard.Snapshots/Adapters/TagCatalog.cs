namespace Lifeguard.Snapshots.Adapters;

/// <summary>The default: the `lifeguard:expires-at` tag set at creation is the whole catalog.</summary>
public sealed class TagCatalog : ISnapshotCatalog
{
    public Task RecordAsync(string snapshotId, string volumeId, string tier, DateTimeOffset expiresAt, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<IReadOnlySet<string>?> DueAsync(DateTimeOffset now, CancellationToken cancellationToken) => Task.FromResult<IReadOnlySet<string>?>(null);

    public Task ForgetAsync(string snapshotId, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<int> PruneAsync(IReadOnlySet<string> existingSnapshotIds, CancellationToken cancellationToken) => Task.FromResult(0);
}
