using Lifeguard.Snapshots.Adapters;

namespace Lifeguard.Snapshots.Tests.Adapters;

/// <summary>Records freeze and thaw calls in order; can be told to fail the freeze.</summary>
public sealed class RecordingFreezer : IFilesystemFreezer
{
    public List<string> Calls { get; } = [];

    public bool FailFreeze { get; init; }

    public Task FreezeAsync(string instanceId, string mountPoint, CancellationToken cancellationToken)
    {
        Calls.Add($"freeze {instanceId} {mountPoint}");
        return FailFreeze ? Task.FromException(new InvalidOperationException("fsfreeze: Operation not supported")) : Task.CompletedTask;
    }

    public Task ThawAsync(string instanceId, string mountPoint, CancellationToken cancellationToken)
    {
        Calls.Add($"thaw {instanceId} {mountPoint}");
        return Task.CompletedTask;
    }
}
