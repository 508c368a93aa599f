namespace Lifeguard.Snapshots.Adapters;

/// <summary>Freezes a filesystem on an instance for an application-consistent snapshot, and thaws it.</summary>
public interface IFilesystemFreezer
{
    Task FreezeAsync(string instanceId, string mountPoint, CancellationToken cancellationToken);

    Task ThawAsync(string instanceId, string mountPoint, CancellationToken cancellationToken);
}
