namespace Lifeguard.Runtime.Hosting;

/// <summary>One method per Runtime API endpoint.</summary>
public interface IRuntimeApiClient
{
    Task<Invocation> GetNextInvocationAsync(CancellationToken cancellationToken);

    Task PostResponseAsync(string requestId, byte[] body, CancellationToken cancellationToken);

    Task PostErrorAsync(string requestId, ErrorReport report, CancellationToken cancellationToken);

    Task PostInitErrorAsync(ErrorReport report, CancellationToken cancellationToken);
}
