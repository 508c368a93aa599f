
namespace Lifeguard.Snapshots.Domain;

/// <summary>
/// Decides which snapshots an expire run deletes. A snapshot is deleted only when all of these hold: it is tagged
/// `lifeguard:managed=true`; its `lifeguard:expires-at` is a valid time in the past and, with a catalog, the catalog
/// agrees that it is due (a disagreement keeps it and is reported); Lifeguard made it from the volume it names (a copy
/// that kept the tags is not ours), or, in a copy region, it is the very copy Lifeguard made (its `lifeguard:copy-id` is
/// its own id; the newest-of-volume rules then count it with the original's volume); it is `completed` and in the standard tier (never archived); it has no
/// `lifeguard:protect` tag; no AMI uses it; it is not the newest completed snapshot of a volume that still exists; and,
/// if it is the newest of a volume that no longer exists, its expiry is more than the orphan retention ago; and it is
/// not one of the newest N of its tier and volume where the tier keeps a count (`keep`); and, for a scheduled tier, its
/// start time plus the tier's configured retention has passed too (an edited tag cannot delete it early). Sharing
/// with other accounts is checked per snapshot just before deleting (<see cref="SharedSkip"/>). Anything uncertain is
/// kept and reported.
/// </summary>
public static class ExpiryPolicy
{
    public static ExpiryPlan Decide(IReadOnlyList<Snapshot> managed, ExpiryFacts facts)
    {
        ArgumentNullException.ThrowIfNull(managed);
        ArgumentNullException.ThrowIfNull(facts);
        // The newest of each volume, whether or not the volume still exists; only snapshots that are ours and in the
        // standard tier count, so neither a copy nor an archived snapshot (hours to restore) stands in for it.
        var newestPerVolume = managed
            .Where(s => IsUsable(s))
            .GroupBy(s => s.SourceVolumeId)
            .Select(g => NewestFirst(g).First().SnapshotId)
            .ToHashSet(StringComparer.Ordinal);
        var keptByCount = KeptByCount(managed, facts);
        var delete = new List<(Snapshot Snapshot, DateTimeOffset ExpiresAt)>();
        var skipped = new List<ExpirySkip>();
        var problems = new List<SnapshotProblem>();
        foreach (var snapshot in managed)
        {
            if (snapshot.State == "error")
            {
                problems.Add(new(snapshot.SnapshotId, snapshot.VolumeId, "snapshot is in state error"));
            }
            else if (snapshot.State == "pending" && snapshot.StartTime is { } started && facts.Now - started > facts.StuckPendingAfter)
            {
                problems.Add(new(snapshot.SnapshotId, snapshot.VolumeId, $"snapshot pending since {SnapshotSlot.FormatExpiry(started)}"));
            }

            var expiry = new Expiry(snapshot, facts);
            if (!expiry.Candidate)
            {
                continue;
            }

            var skip = Skip(snapshot, expiry, newestPerVolume, facts)
                ?? (keptByCount.Contains(snapshot.SnapshotId)
                    ? new(snapshot.SnapshotId, snapshot.VolumeId, ExpirySkipReason.KeptByCount,
                        $"one of the newest {facts.KeepPerTier[snapshot.Tag(SnapshotTags.Tier)!]} {snapshot.Tag(SnapshotTags.Tier)} snapshots of {snapshot.VolumeId}")
                    : null);
            if (skip is not null)
            {
                skipped.Add(skip);
                continue;
            }

            delete.Add((snapshot, expiry.ExpiresAt));
        }

        return new ExpiryPlan(
            [.. delete.OrderBy(d => d.ExpiresAt).ThenBy(d => d.Snapshot.SnapshotId, StringComparer.Ordinal).Select(d => d.Snapshot)],
            skipped,
            problems);
    }

    /// <summary>
    /// Why a snapshot about to be deleted is kept after all because it is shared with other accounts, or null. Shared
    /// ones are deleted only when the deployment says so (`deleteShared`), and even then the report names who loses it.
    /// </summary>
    public static ExpirySkip? SharedSkip(Snapshot snapshot, IReadOnlyList<string> sharedWith, bool deleteShared)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(sharedWith);
        return sharedWith.Count == 0 || deleteShared
            ? null
            : new(snapshot.SnapshotId, snapshot.VolumeId, ExpirySkipReason.Shared,
                $"shared with {string.Join(", ", sharedWith)}: unshare it, or set deleteShared to let expiry delete shared snapshots");
    }

    /// <summary>
    /// The newest N usable snapshots of each existing volume and tier that has a count. A deleted volume's snapshots
    /// fall to the orphan rule instead: a count would keep a terminated server's N monthlies for ever.
    /// </summary>
    private static HashSet<string> KeptByCount(IReadOnlyList<Snapshot> managed, ExpiryFacts facts) => facts.KeepPerTier.Count == 0
        ? []
        : managed
            .Where(s => IsUsable(s) && facts.ExistingVolumeIds.Contains(s.SourceVolumeId) && s.Tag(SnapshotTags.Tier) is { } tier && facts.KeepPerTier.ContainsKey(tier))
            .GroupBy(s => (s.SourceVolumeId, Tier: s.Tag(SnapshotTags.Tier)!))
            .SelectMany(g => NewestFirst(g).Take(facts.KeepPerTier[g.Key.Tier]))
            .Select(s => s.SnapshotId)
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>Newest start first; ties (two tiers firing together) broken by id, so every run picks the same one.</summary>
    private static IOrderedEnumerable<Snapshot> NewestFirst(IEnumerable<Snapshot> snapshots) =>
        snapshots.OrderByDescending(s => s.SourceStartTime ?? DateTimeOffset.MinValue).ThenByDescending(s => s.SnapshotId, StringComparer.Ordinal);

    /// <summary>A snapshot of ours that a restore can use now: managed, completed, made from its volume, not archived.</summary>
    private static bool IsUsable(Snapshot s) => IsManaged(s) && s.State == "completed" && NotOurs(s) is null && !IsArchived(s);

    private static bool IsArchived(Snapshot s) => string.Equals(s.StorageTier, "archive", StringComparison.OrdinalIgnoreCase);

    private static ExpirySkip? Skip(Snapshot snapshot, Expiry expiry, HashSet<string> newestPerVolume, ExpiryFacts facts)
    {
        ExpirySkip Reason(ExpirySkipReason reason, string detail) => new(snapshot.SnapshotId, snapshot.VolumeId, reason, detail);
        if (!IsManaged(snapshot))
        {
            return Reason(ExpirySkipReason.NotManaged, $"no {SnapshotTags.Managed}=true tag");
        }

        if (!expiry.Valid)
        {
            return Reason(ExpirySkipReason.BadExpiry, $"{SnapshotTags.ExpiresAt} is '{expiry.Tag}', not a UTC time");
        }

        if (NotOurs(snapshot) is { } notOurs)
        {
            return Reason(ExpirySkipReason.NotOurs, notOurs);
        }

        if (expiry.Disagreement is { } disagreement)
        {
            return Reason(ExpirySkipReason.CatalogDisagrees, disagreement);
        }

        if (snapshot.Tag(SnapshotTags.Tier) is { } tier && facts.RetentionPerTier.TryGetValue(tier, out var retention)
            && (snapshot.SourceStartTime is not { } started || facts.Now < retention.AddTo(started)))
        {
            return Reason(ExpirySkipReason.TooYoungForItsTier, snapshot.SourceStartTime is { } start
                ? $"its {SnapshotTags.ExpiresAt} tag says {expiry.Tag}, but a {tier} snapshot started {SnapshotSlot.FormatExpiry(start)} is kept until {SnapshotSlot.FormatExpiry(retention.AddTo(start))}: the tag was changed, or the tier's retention lengthened since"
                : $"EC2 gave no start time, so its {tier} retention cannot be checked");
        }

        if (snapshot.Tag(SnapshotTags.Protect) is not null)
        {
            return Reason(ExpirySkipReason.Protected, $"tagged {SnapshotTags.Protect}");
        }

        if (snapshot.State != "completed")
        {
            return Reason(ExpirySkipReason.NotCompleted, $"state is {snapshot.State}");
        }

        if (IsArchived(snapshot))
        {
            return Reason(ExpirySkipReason.Archived, "in the archive tier: deleting it before 90 days there is billed the 90-day minimum; delete it by hand when that is right");
        }

        if (facts.AwaitingCopy.TryGetValue(snapshot.SnapshotId, out var copy))
        {
            return Reason(ExpirySkipReason.AwaitingCopy, copy);
        }

        if (facts.ImageSnapshotIds.Contains(snapshot.SnapshotId))
        {
            return Reason(ExpirySkipReason.UsedByImage, "an AMI is made from it");
        }

        if (!newestPerVolume.Contains(snapshot.SnapshotId))
        {
            return null;
        }

        if (facts.ExistingVolumeIds.Contains(snapshot.SourceVolumeId))
        {
            return Reason(ExpirySkipReason.NewestOfVolume, "the newest completed snapshot of a volume that still exists");
        }

        var keptUntil = expiry.ExpiresAt + facts.OrphanRetention;
        return facts.Now < keptUntil
            ? Reason(ExpirySkipReason.LastOfDeletedVolume, $"the last snapshot of a volume that no longer exists: kept until {SnapshotSlot.FormatExpiry(keptUntil)}")
            : null;
    }

    /// <summary>
    /// Why Lifeguard did not make this snapshot from the volume it names, or null when it did. Lifeguard tags each
    /// snapshot with its volume (or its instance) at creation; a copy made with "copy tags" carries that tag, but EC2
    /// gives a copy another volume id (vol-ffffffff), so the two disagree.
    /// </summary>
    private static string? NotOurs(Snapshot snapshot)
    {
        if (snapshot.Tag(SnapshotTags.CopyOf) is { } original)
        {
            // A copy Lifeguard made to this region carries its own id; a copy of it made with "copy tags" does not.
            var copyId = snapshot.Tag(SnapshotTags.CopyId);
            return copyId == snapshot.SnapshotId
                ? null
                : copyId is null
                    ? $"a copy of {original} without its {SnapshotTags.CopyId} tag (tagging it failed, or someone else copied it); tag it {SnapshotTags.CopyId}={snapshot.SnapshotId} to let it expire"
                    : $"a copy of a Lifeguard copy: its {SnapshotTags.CopyId} tag names {copyId}";
        }

        var tagged = snapshot.Tag(SnapshotTags.Volume);
        if (snapshot.VolumeId == Snapshot.NoVolume)
        {
            return $"a copy or an import (volume {Snapshot.NoVolume}){(tagged is null ? string.Empty : $" carrying the tags of a snapshot of {tagged}")}";
        }

        if (tagged is not null)
        {
            return tagged == snapshot.VolumeId ? null : $"a copy: its {SnapshotTags.Volume} tag names {tagged}, but it was made from {snapshot.VolumeId}";
        }

        // Snapshots of a whole instance (CreateSnapshots) share one set of tags and name the instance instead; a copy of
        // one is known by its volume id alone.
        return snapshot.Tag(SnapshotTags.Instance) is not null
            ? null
            : $"neither {SnapshotTags.Volume} nor {SnapshotTags.Instance} tag, so not made by Lifeguard; tag it {SnapshotTags.Volume}={snapshot.VolumeId} to let it expire";
    }

    private static bool IsManaged(Snapshot snapshot) => string.Equals(snapshot.Tag(SnapshotTags.Managed), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>What the tag and (with one) the catalog say about when a snapshot expires.</summary>
    private readonly struct Expiry
    {
        public Expiry(Snapshot snapshot, ExpiryFacts facts)
        {
            Tag = snapshot.Tag(SnapshotTags.ExpiresAt);
            Valid = SnapshotSlot.TryParseExpiry(Tag, out var expiresAt);
            ExpiresAt = expiresAt;
            var tagSaysDue = Valid && expiresAt <= facts.Now;
            var catalogSaysDue = facts.DueInCatalog?.Contains(snapshot.SnapshotId);
            Candidate = tagSaysDue || catalogSaysDue == true || !Valid;
            Disagreement = catalogSaysDue is not { } listed || listed == tagSaysDue
                ? null
                : listed
                    ? $"the catalog says it is due, but its {SnapshotTags.ExpiresAt} tag says {Tag}: the tag was changed, or the catalog is wrong"
                    : $"its {SnapshotTags.ExpiresAt} tag says {Tag}, but the catalog does not list it as due";
        }

        public string? Tag { get; }

        public bool Valid { get; }

        public DateTimeOffset ExpiresAt { get; }

        /// <summary>
        /// Due by the tag or by the catalog, or with a tag that is not a time: each is looked at, and kept (and
        /// reported) unless the tag and the catalog agree that it is due.
        /// </summary>
        public bool Candidate { get; }

        public string? Disagreement { get; }
    }
}
