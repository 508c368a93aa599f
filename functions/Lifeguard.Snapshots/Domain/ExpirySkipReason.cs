namespace Lifeguard.Snapshots.Domain;

public enum ExpirySkipReason
{
    NotManaged,
    Protected,
    NewestOfVolume,
    UsedByImage,
    NotCompleted,
    BadExpiry,

    /// <summary>The tag and the SimpleDB catalog disagree about whether it is due; nothing is deleted on a disagreement.</summary>
    CatalogDisagrees,

    /// <summary>Not made by Lifeguard from the volume it names: a copy that kept the tags (copies get another volume id).</summary>
    NotOurs,

    /// <summary>In the archive storage tier: deleting it early is billed its 90-day minimum; an operator decides.</summary>
    Archived,

    /// <summary>Shared with other accounts (createVolumePermission); deleting it would pull it from under them.</summary>
    Shared,

    /// <summary>The newest snapshot of a volume that no longer exists, kept for the orphan retention past its expiry.</summary>
    LastOfDeletedVolume,

    /// <summary>Its tag says it expired, but its tier's configured retention from its start time has not passed.</summary>
    TooYoungForItsTier,

    /// <summary>One of the newest N of its tier and volume, kept by the tier's count-based retention (`keep`).</summary>
    KeptByCount,

    /// <summary>EBS snapshot lock refused the delete: the lock outlasts the expiry (extended, or set by someone else).</summary>
    Locked,

    /// <summary>Its tier copies to a second region and its copy there is not completed yet.</summary>
    AwaitingCopy,
}
