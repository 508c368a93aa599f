namespace Lifeguard.Snapshots.Adapters;

/// <summary>Runs a shell script as root on an instance and waits for its result (SSM Run Command).</summary>
public interface ICommandRunner
{
    /// <param name="timeout">How long the script may run on the instance; waiting stops then too, or at cancellation.</param>
    Task<CommandResult> RunAsync(string instanceId, IReadOnlyList<string> script, TimeSpan timeout, string comment, CancellationToken cancellationToken);
}
