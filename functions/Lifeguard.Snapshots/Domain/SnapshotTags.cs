namespace Lifeguard.Snapshots.Domain;

/// <summary>The tags Lifeguard reads and writes; a snapshot's tags are its catalog entry.</summary>
public static class SnapshotTags
{
    /// <summary>On volumes and instances: `true` (every tier) or the tiers to take, e.g. `daily,weekly`.</summary>
    public const string Backup = "lifeguard:backup";

    /// <summary>On a volume: the mount point to freeze on its instance for an application-consistent snapshot.</summary>
    public const string Freeze = "lifeguard:freeze";

    public const string Managed = "lifeguard:managed";
    public const string Tier = "lifeguard:tier";
    public const string ExpiresAt = "lifeguard:expires-at";
    public const string Volume = "lifeguard:volume";

    /// <summary>On snapshots of a whole instance (CreateSnapshots), instead of <see cref="Volume"/>.</summary>
    public const string Instance = "lifeguard:instance";
    public const string Slot = "lifeguard:slot";

    /// <summary>
    /// On every snapshot: `crash` from its creation (a point in time, as after a power cut), changed to `application`
    /// once Lifeguard knows the filesystem was frozen when EC2 took it.
    /// </summary>
    public const string Consistency = "lifeguard:consistency";

    public const string Crash = "crash";

    public const string Application = "application";

    /// <summary>
    /// On an instance, value `true`: Lifeguard may run fsfreeze there through SSM. The IAM policy allows SendCommand only
    /// on instances carrying it, since a volume's tag cannot be checked by IAM on the instance.
    /// </summary>
    public const string FreezeAllowed = "lifeguard:freeze-allowed";

    /// <summary>On a copy Lifeguard made in another region: the snapshot it copied (and the region it is in).</summary>
    public const string CopyOf = "lifeguard:copy-of";

    public const string SourceRegion = "lifeguard:source-region";

    /// <summary>On a copy: when the original was started (a copy's own start time is when it was copied).</summary>
    public const string SourceStart = "lifeguard:source-start";

    /// <summary>
    /// On a copy Lifeguard made: the copy's own id, tagged once EC2 has named it. A copy of that copy (with "copy tags")
    /// carries the tag with another snapshot's id, so it is known not to be ours.
    /// </summary>
    public const string CopyId = "lifeguard:copy-id";

    /// <summary>
    /// On snapshots of a tier that locks: `none` from its creation, the lock mode (`compliance`, `governance`) once EBS
    /// snapshot lock has locked it until its expiry.
    /// </summary>
    public const string Lock = "lifeguard:lock";

    /// <summary>Any value: expiry never deletes this snapshot.</summary>
    public const string Protect = "lifeguard:protect";

    /// <summary>
    /// Coverage state, on a volume tagged `lifeguard:backup`: when it was reported unprotected (removed once it is
    /// covered again and that was told). For a volume protected only through its instance, on the instance as
    /// `lifeguard:unprotected-since:vol-...`.
    /// </summary>
    public const string UnprotectedSince = "lifeguard:unprotected-since";

    /// <summary>Coverage state, on a volume or instance: the `lifeguard:backup` value last reported as naming no tier.</summary>
    public const string BackupTagInvalid = "lifeguard:backup-tag-invalid";

    public const string Name = "Name";
}
