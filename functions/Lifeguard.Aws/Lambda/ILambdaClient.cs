namespace Lifeguard.Aws.Lambda;

/// <summary>The one Lambda call Lifeguard makes: handing work to another invocation of a function.</summary>
public interface ILambdaClient
{
    /// <summary>
    /// Queues <paramref name="payload"/> (JSON) for an asynchronous invocation of <paramref name="functionName"/>
    /// (InvocationType Event): Lambda accepts it, answers 202 and runs it when the function has capacity, retrying
    /// throttled and failed runs itself.
    /// </summary>
    Task InvokeAsyncEventAsync(string functionName, string payload, CancellationToken cancellationToken);
}
