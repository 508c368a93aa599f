using Lifeguard.Snapshots.Domain;

namespace Lifeguard.Snapshots;

/// <summary>What one target's snapshot call made, what to say about it, and whether a freeze or lock asked for did not hold.</summary>
/// <param name="Degraded">
/// A `lifeguard:freeze` was asked for and some snapshot is crash-consistent, or the tier locks and some snapshot is not
/// locked: reported and alerted.
/// </param>
public sealed record CreatedSnapshots(IReadOnlyList<Snapshot> Snapshots, string? Detail = null, bool Degraded = false);
