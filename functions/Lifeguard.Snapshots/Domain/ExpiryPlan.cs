
namespace Lifeguard.Snapshots.Domain;

/// <summary>What an expire run should delete (oldest expiry first), keep and report.</summary>
public sealed record ExpiryPlan(IReadOnlyList<Snapshot> Delete, IReadOnlyList<ExpirySkip> Skipped, IReadOnlyList<SnapshotProblem> Problems);
