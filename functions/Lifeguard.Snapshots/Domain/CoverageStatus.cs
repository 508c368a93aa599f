namespace Lifeguard.Snapshots.Domain;

public enum CoverageStatus
{
    /// <summary>Its newest snapshot is within twice its shortest tier's interval.</summary>
    Covered,

    /// <summary>No snapshot yet, but the volume itself is younger than that: its first run may not have come.</summary>
    New,

    /// <summary>Its newest snapshot (or, with none, the volume itself) is older than twice its shortest tier's interval.</summary>
    Unprotected,
}
