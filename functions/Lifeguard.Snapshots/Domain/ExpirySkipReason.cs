namespace Lifeguard.Snapshots.Domain;

public enum ExpirySkipReason
{
    NotManaged,
    Protected,
    NewestOfVolume,
    UsedByImage,
    NotCompleted,
    BadExpiry,
}
