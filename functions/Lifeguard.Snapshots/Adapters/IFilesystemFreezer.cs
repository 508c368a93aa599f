namespace Lifeguard.Snapshots.Adapters;

/// <summary>Freezes a filesystem on an instance for an application-consistent snapshot, and thaws it.</summary>
public interface IFilesystemFreezer
{
    /// <summary>Freezes <paramref name="mountPoint"/>; the instance thaws it by itself after a timeout whatever happens.</summary>
    /// <returns>
    /// The earliest moment that thaw may fire, on the freezer's clock: a snapshot EC2 accepted before it was taken
    /// frozen. It is reckoned from before the command is sent, since the instance's timer cannot start earlier.
    /// </returns>
    Task<DateTimeOffset> FreezeAsync(string instanceId, string mountPoint, CancellationToken cancellationToken);

    Task ThawAsync(string instanceId, string mountPoint, CancellationToken cancellationToken);
}
