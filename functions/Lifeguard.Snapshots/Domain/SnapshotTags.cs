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

    /// <summary>Any value: expiry never deletes this snapshot.</summary>
    public const string Protect = "lifeguard:protect";

    public const string Name = "Name";
}
