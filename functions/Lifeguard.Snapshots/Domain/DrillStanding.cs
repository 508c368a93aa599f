namespace Lifeguard.Snapshots.Domain;

/// <summary>
/// A protected volume's drill standing after a run: overdue when it has had no successful drill for the maximum age
/// (reckoned from its creation when it never had one); whether that is news, or a recovery, depends on the alert tag.
/// </summary>
public sealed record DrillStanding(string VolumeId, DateTimeOffset? LastPassed, bool Overdue, bool Alerted)
{
    public bool NewlyOverdue => Overdue && !Alerted;

    public bool Recovered => !Overdue && Alerted;
}
