namespace Lifeguard.Aws.Ssm;

public interface ISsmClient
{
    /// <summary>The command id.</summary>
    Task<string> SendCommandAsync(SendCommandRequest request, CancellationToken cancellationToken);

    Task<CommandInvocation> GetCommandInvocationAsync(string commandId, string instanceId, CancellationToken cancellationToken);
}
