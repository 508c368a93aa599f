namespace Lifeguard.Snapshots.Domain;

/// <summary>
/// A volume or instance whose `lifeguard:backup` value names a tier that is not configured (or none at all).
/// </summary>
/// <param name="Reported">The value last alerted, from `lifeguard:backup-tag-invalid`; null when never.</param>
public sealed record InvalidBackupTag(string ResourceId, string Value, IReadOnlyList<string> Unknown, string? Reported)
{
    public bool AlreadyReported => Reported == Value;
}
