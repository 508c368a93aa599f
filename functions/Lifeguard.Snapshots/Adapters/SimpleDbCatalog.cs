using Lifeguard.Aws;
using Lifeguard.Aws.SimpleDb;
using Lifeguard.Snapshots.Domain;

namespace Lifeguard.Snapshots.Adapters;

/// <summary>
/// The classic catalog: one SimpleDB item per snapshot (item name = snapshot id; attributes volume, tier, expires as a
/// sortable UTC string), written with a conditional put so an entry is never overwritten, selected with
/// `expires &lt; now`.
/// </summary>
public sealed class SimpleDbCatalog(ISimpleDbClient simpleDb, string domain) : ISnapshotCatalog
{
    public async Task RecordAsync(string snapshotId, string volumeId, string tier, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        try
        {
            await simpleDb.PutAttributesAsync(domain, snapshotId,
                [new("volume", volumeId, Replace: true), new("tier", tier, Replace: true), new("expires", SnapshotSlot.FormatExpiry(expiresAt), Replace: true)],
                [new SimpleDbCondition("expires", Exists: false)],
                cancellationToken).ConfigureAwait(false);
        }
        catch (AwsApiException ex) when (ex.ErrorCode == "ConditionalCheckFailed")
        {
            // Already recorded (a repeated delivery): the first entry stands.
        }
    }

    public async Task<IReadOnlySet<string>?> DueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var due = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var item in simpleDb.SelectAsync(Expression($"expires < '{SnapshotSlot.FormatExpiry(now)}'"), consistentRead: true, cancellationToken).ConfigureAwait(false))
        {
            due.Add(item.Name);
        }

        return due;
    }

    public Task ForgetAsync(string snapshotId, CancellationToken cancellationToken) =>
        simpleDb.DeleteAttributesAsync(domain, snapshotId, [], [], cancellationToken);

    public async Task<int> PruneAsync(IReadOnlySet<string> existingSnapshotIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(existingSnapshotIds);
        var gone = new List<string>();
        await foreach (var item in simpleDb.SelectAsync(Expression("itemName() is not null"), consistentRead: true, cancellationToken).ConfigureAwait(false))
        {
            if (!existingSnapshotIds.Contains(item.Name))
            {
                gone.Add(item.Name);
            }
        }

        foreach (var snapshotId in gone)
        {
            await ForgetAsync(snapshotId, cancellationToken).ConfigureAwait(false);
        }

        return gone.Count;
    }

    private string Expression(string where) => $"select itemName() from `{domain.Replace("`", "``", StringComparison.Ordinal)}` where {where}";
}
