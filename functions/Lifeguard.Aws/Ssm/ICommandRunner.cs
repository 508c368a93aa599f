namespace Lifeguard.Aws.Ssm;

/// <summary>Runs a command on an instance and waits for its result (SSM Run Command).</summary>
public interface ICommandRunner
{
    /// <summary>A shell script, as root (AWS-RunShellScript).</summary>
    /// <param name="timeout">How long the script may run on the instance; waiting stops then too, or at cancellation.</param>
    Task<CommandResult> RunAsync(string instanceId, IReadOnlyList<string> script, TimeSpan timeout, string comment, CancellationToken cancellationToken);

    /// <summary>An SSM document of the account's own (or AWS's) with no parameters; waiting stops after <paramref name="timeout"/>, or at cancellation.</summary>
    Task<CommandResult> RunDocumentAsync(string instanceId, string document, TimeSpan timeout, string comment, CancellationToken cancellationToken);
}
