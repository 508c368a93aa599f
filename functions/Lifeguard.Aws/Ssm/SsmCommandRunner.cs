using System.Globalization;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using Lifeguard.Aws;
using Lifeguard.Aws.Endpoints;
using Lifeguard.Aws.Sdk;

namespace Lifeguard.Aws.Ssm;

/// <summary>
/// <see cref="ICommandRunner"/> over SSM Run Command, polled with GetCommandInvocation on the given clock. The SDK's
/// retries apply to SendCommand: the drills' scripts only read, and a switch hook must be safe to repeat (like a
/// keepalived notify script, it states a role, it does not toggle one).
/// </summary>
public sealed class SsmCommandRunner(IAmazonSimpleSystemsManagement ssm, TimeProvider time) : ICommandRunner
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    public SsmCommandRunner(AwsConfiguration aws, TimeProvider time)
        : this(Client(aws), time)
    {
    }

    private static AmazonSimpleSystemsManagementClient Client(AwsConfiguration aws)
    {
        ArgumentNullException.ThrowIfNull(aws);
        return new AmazonSimpleSystemsManagementClient(aws.Credentials, aws.For<AmazonSimpleSystemsManagementConfig>(AwsService.Ssm));
    }

    public Task<CommandResult> RunAsync(string instanceId, IReadOnlyList<string> script, TimeSpan timeout, string comment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(script);
        var seconds = Seconds(timeout);
        return SendAndWaitAsync(instanceId, "AWS-RunShellScript", new Dictionary<string, List<string>>
        {
            ["commands"] = [.. script],
            ["executionTimeout"] = [seconds.ToString(CultureInfo.InvariantCulture)],
        }, seconds + 90, comment, cancellationToken);
    }

    public Task<CommandResult> RunDocumentAsync(string instanceId, string document, TimeSpan timeout, string comment, CancellationToken cancellationToken) =>
        SendAndWaitAsync(instanceId, document, null, Seconds(timeout), comment, cancellationToken);

    private static int Seconds(TimeSpan timeout) => Math.Clamp((int)Math.Ceiling(timeout.TotalSeconds), 30, 172_800);

    /// <param name="waitSeconds">How long to poll: bounded by it and by the caller's deadline.</param>
    private async Task<CommandResult> SendAndWaitAsync(string instanceId, string document, Dictionary<string, List<string>>? parameters, int waitSeconds, string comment, CancellationToken cancellationToken)
    {
        var sent = await SdkCall.RunAsync(AwsService.Ssm, "SendCommand", ct => ssm.SendCommandAsync(new SendCommandRequest
        {
            DocumentName = document,
            InstanceIds = [instanceId],
            Parameters = parameters,
            // How long the instance may take to pick the command up; the script's own run is executionTimeout.
            TimeoutSeconds = 60,
            Comment = comment.Length > 100 ? comment[..100] : comment,
        }, ct), cancellationToken).ConfigureAwait(false);
        var commandId = sent.Command.CommandId;

        var polls = Math.Max(1, (int)(waitSeconds / PollInterval.TotalSeconds));
        for (var poll = 0; poll < polls; poll++)
        {
            var invocation = await GetInvocationAsync(ssm, commandId, instanceId, cancellationToken).ConfigureAwait(false);
            if (invocation?.Status?.Value is "Success" or "Cancelled" or "TimedOut" or "Failed")
            {
                return new CommandResult(invocation.Status.Value, invocation.ResponseCode is { } code and >= 0 ? code : null,
                    string.Concat(invocation.StandardOutputContent, invocation.StandardErrorContent));
            }

            await Task.Delay(PollInterval, time, cancellationToken).ConfigureAwait(false);
        }

        return new CommandResult("Unfinished", null, $"no result after {polls} polls of command {commandId}");
    }

    /// <summary>The command's invocation on the instance, or null while SSM has not registered it (right after SendCommand).</summary>
    public static async Task<GetCommandInvocationResponse?> GetInvocationAsync(IAmazonSimpleSystemsManagement ssm, string commandId, string instanceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ssm);
        try
        {
            return await SdkCall.RunAsync(AwsService.Ssm, "GetCommandInvocation",
                ct => ssm.GetCommandInvocationAsync(new GetCommandInvocationRequest { CommandId = commandId, InstanceId = instanceId }, ct), cancellationToken).ConfigureAwait(false);
        }
        catch (AwsApiException ex) when (ex.ErrorCode == "InvocationDoesNotExist")
        {
            // Not registered yet right after SendCommand.
            return null;
        }
    }
}
