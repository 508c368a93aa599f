using Lifeguard.Aws.Endpoints;
using Lifeguard.Aws.Http;
using Lifeguard.Aws.Protocols;

namespace Lifeguard.Aws.Ssm;

/// <summary>Systems Manager over json 1.1.</summary>
public sealed class SsmClient(AwsConfiguration configuration) : ISsmClient
{
    private readonly JsonProtocol _json = new(new AwsTransport(configuration, AwsService.Ssm), "AmazonSSM");

    public async Task<string> SendCommandAsync(SendCommandRequest request, CancellationToken cancellationToken) =>
        (await _json.CallAsync("SendCommand", request, AwsJsonContext.Default.SendCommandRequest, AwsJsonContext.Default.SendCommandResponse, Idempotency.NotIdempotent, cancellationToken)
            .ConfigureAwait(false)).Command.CommandId;

    public Task<CommandInvocation> GetCommandInvocationAsync(string commandId, string instanceId, CancellationToken cancellationToken) =>
        _json.CallAsync("GetCommandInvocation", new GetCommandInvocationRequest(commandId, instanceId),
            AwsJsonContext.Default.GetCommandInvocationRequest, AwsJsonContext.Default.CommandInvocation, Idempotency.Idempotent, cancellationToken);
}
