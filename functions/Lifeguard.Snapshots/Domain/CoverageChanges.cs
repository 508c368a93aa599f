namespace Lifeguard.Snapshots.Domain;

/// <summary>
/// What a check run tells, and the state it writes once it has told it: volumes newly unprotected (alert, then
/// write `lifeguard:unprotected-since`), volumes covered again (recovery, then delete it), tag values newly invalid
/// (alert, then write `lifeguard:backup-tag-invalid`), and state left over from something that no longer applies (a
/// fixed tag, a detached or unprotected volume), deleted without a message.
/// </summary>
public sealed record CoverageChanges(
    IReadOnlyList<VolumeCoverage> NewlyUnprotected,
    IReadOnlyList<VolumeCoverage> Recovered,
    IReadOnlyList<InvalidBackupTag> NewlyInvalid,
    IReadOnlyList<StateTag> Stale)
{
    public bool HasNews => NewlyUnprotected.Count > 0 || Recovered.Count > 0 || NewlyInvalid.Count > 0;
}
