using Lifeguard.Aws.Ssm;

namespace Lifeguard.TestSupport;

/// <summary>
/// Stands in for SSM Run Command where moto cannot: moto records a SendCommand but runs nothing and answers every
/// GetCommandInvocation with Success and no output, so a validation that fails (or prints) needs this fake. It records
/// each call (a document as a one-line script naming it) and answers with <see cref="Results"/> in turn (the last one
/// repeating), Success by default.
/// </summary>
public sealed class ScriptedCommandRunner : ICommandRunner
{
    private readonly Lock _gate = new();
    private readonly List<(string InstanceId, IReadOnlyList<string> Script)> _calls = [];
    private int _next;

    public IReadOnlyList<CommandResult> Results { get; init; } = [new CommandResult("Success", 0, "lifeguard drill: 1 filesystem(s) checked, exit 0\n")];

    public IReadOnlyList<(string InstanceId, IReadOnlyList<string> Script)> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    public Task<CommandResult> RunAsync(string instanceId, IReadOnlyList<string> script, TimeSpan timeout, string comment, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _calls.Add((instanceId, script));
            return Task.FromResult(Results[Math.Min(_next++, Results.Count - 1)]);
        }
    }

    public Task<CommandResult> RunDocumentAsync(string instanceId, string document, TimeSpan timeout, string comment, CancellationToken cancellationToken) =>
        RunAsync(instanceId, [$"document {document}"], timeout, comment, cancellationToken);
}
