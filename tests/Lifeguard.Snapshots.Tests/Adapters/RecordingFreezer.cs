using Lifeguard.Snapshots.Adapters;

namespace Lifeguard.Snapshots.Tests.Adapters;

/// <summary>
/// Records freeze and thaw calls in order; can be told to fail the freeze, and how long the instance's own thaw timer
/// lets a freeze hold.
/// </summary>
public sealed class RecordingFreezer(TimeProvider? time = null) : IFilesystemFreezer
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public List<string> Calls { get; } = [];

    public bool FailFreeze { get; init; }

    /// <summary>What a failing freeze throws; an fsfreeze error by default.</summary>
    public Exception FreezeError { get; init; } = new InvalidOperationException("fsfreeze: Operation not supported");

    /// <summary>The instance-side thaw timer: 30 s, as the function's default.</summary>
    public TimeSpan Holds { get; init; } = TimeSpan.FromSeconds(30);

    public Task<DateTimeOffset> FreezeAsync(string instanceId, string mountPoint, CancellationToken cancellationToken)
    {
        Calls.Add($"freeze {instanceId} {mountPoint}");
        var holdsUntil = _time.GetUtcNow() + Holds;
        return FailFreeze ? Task.FromException<DateTimeOffset>(FreezeError) : Task.FromResult(holdsUntil);
    }

    public Task ThawAsync(string instanceId, string mountPoint, CancellationToken cancellationToken)
    {
        Calls.Add($"thaw {instanceId} {mountPoint}");
        return Task.CompletedTask;
    }
}
