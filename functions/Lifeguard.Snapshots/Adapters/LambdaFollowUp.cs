using System.Text.Json;
using Lifeguard.Aws.Lambda;

namespace Lifeguard.Snapshots.Adapters;

/// <summary>
/// Queues the follow-up as an asynchronous invocation of this same function. With one run at a time (reserved
/// concurrency 1) Lambda holds it until this run ends and retries it if it fails; its slot's dedupe makes a repeat harmless.
/// </summary>
public sealed class LambdaFollowUp(ILambdaClient lambda, string functionName) : ISnapshotFollowUp
{
    public Task HandOffAsync(SnapshotEvent continuation, CancellationToken cancellationToken) =>
        lambda.InvokeAsyncEventAsync(functionName, JsonSerializer.Serialize(continuation, SnapshotsJsonContext.Default.SnapshotEvent), cancellationToken);
}
