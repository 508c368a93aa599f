namespace Lifeguard.Snapshots.Domain;

/// <summary>
/// A `lifeguard:backup` value read against the configured tiers: the tiers it asks for, and the words in it that name
/// no tier (a typo, or a tier this deployment does not have).
/// </summary>
/// <param name="OptedOut">The value is `false`: taken out of backups on purpose, neither protected nor a typo.</param>
public sealed record BackupTagValue(string Value, IReadOnlyList<string> Tiers, IReadOnlyList<string> Unknown, bool OptedOut)
{
    /// <summary>Whether the value should be reported: a word that names no tier, or nothing at all (an empty value).</summary>
    public bool IsInvalid => !OptedOut && (Unknown.Count > 0 || Tiers.Count == 0);
}
