using Lifeguard.Snapshots.Domain;

namespace Lifeguard.Snapshots;

/// <summary>What one target's snapshot call made, what to say about it, and whether a freeze asked for did not hold.</summary>
/// <param name="Degraded">A `lifeguard:freeze` was asked for and some snapshot is crash-consistent: reported and alerted.</param>
public sealed record CreatedSnapshots(IReadOnlyList<Snapshot> Snapshots, string? Detail = null, bool Degraded = false);
