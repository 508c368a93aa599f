using Lifeguard.Snapshots.Domain;

namespace Lifeguard.Snapshots;

/// <summary>What <see cref="CoverageSurvey"/> read: the protected volumes, the tag values naming no tier, the state
/// tags present, and every managed snapshot.</summary>
public sealed record CoverageWorld(
    IReadOnlyList<CoverageTarget> Targets,
    IReadOnlyList<InvalidBackupTag> InvalidTags,
    IReadOnlyList<StateTag> StateTags,
    IReadOnlyList<Snapshot> Snapshots);
