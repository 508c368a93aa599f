namespace Lifeguard.Snapshots.Domain;

/// <summary>What an expire run knows besides the snapshots themselves, read just before it decides.</summary>
/// <param name="ExistingVolumeIds">The volumes of the managed snapshots that still exist.</param>
/// <param name="ImageSnapshotIds">Snapshots an AMI of this account is made from.</param>
public sealed record ExpiryFacts(IReadOnlySet<string> ExistingVolumeIds, IReadOnlySet<string> ImageSnapshotIds, DateTimeOffset Now)
{
    /// <summary>A snapshot pending longer than this is reported as a problem.</summary>
    public TimeSpan StuckPendingAfter { get; init; } = TimeSpan.FromHours(6);

    /// <summary>How long past its expiry the newest snapshot of a volume that no longer exists is kept.</summary>
    public TimeSpan OrphanRetention { get; init; } = TimeSpan.FromDays(30);

    /// <summary>Count-based retention per tier: the newest N snapshots of that tier of each volume stay whatever their age.</summary>
    public IReadOnlyDictionary<string, int> KeepPerTier { get; init; } = new Dictionary<string, int>();

    /// <summary>
    /// The configured retention of each scheduled tier. A snapshot of such a tier is kept until its start time plus
    /// that retention has passed, whatever its (editable) `lifeguard:expires-at` tag says: a tag edited to the past
    /// cannot delete it early. Tiers not listed (a manual run's own tier) go by the tag alone.
    /// </summary>
    public IReadOnlyDictionary<string, Retention> RetentionPerTier { get; init; } = new Dictionary<string, Retention>();

    /// <summary>
    /// Originals of a copying tier whose copy in the second region is not completed yet (and still worth having), with
    /// where: they stay until it is, so a backlog of copies never ends with the original gone and no copy.
    /// </summary>
    public IReadOnlyDictionary<string, string> AwaitingCopy { get; init; } = new Dictionary<string, string>();

    /// <summary>With the SimpleDB catalog: the snapshots it says are due; null when the tags are the whole catalog.</summary>
    public IReadOnlySet<string>? DueInCatalog { get; init; }
}
