using System.Globalization;
using System.Text.RegularExpressions;
using Lifeguard.Aws.Ssm;

namespace Lifeguard.Snapshots.Adapters;

/// <summary>
/// fsfreeze through SSM Run Command. The freeze also starts a thaw on the instance after the timeout, so a filesystem
/// is never left frozen if this function dies between the two calls; the root filesystem is never frozen.
/// </summary>
public sealed partial class SsmFilesystemFreezer(ISsmClient ssm, TimeSpan freezeTimeout, TimeProvider time) : IFilesystemFreezer
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    public async Task FreezeAsync(string instanceId, string mountPoint, CancellationToken cancellationToken)
    {
        Validate(mountPoint);
        var seconds = ((int)Math.Ceiling(freezeTimeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        await RunAsync(instanceId,
            $"nohup sh -c 'sleep {seconds}; fsfreeze --unfreeze {mountPoint}' >/dev/null 2>&1 & fsfreeze --freeze {mountPoint}",
            cancellationToken).ConfigureAwait(false);
    }

    public Task ThawAsync(string instanceId, string mountPoint, CancellationToken cancellationToken)
    {
        Validate(mountPoint);
        // Already thawed (by the timer) is fine.
        return RunAsync(instanceId, $"fsfreeze --unfreeze {mountPoint} || true", cancellationToken);
    }

    /// <summary>An absolute path of plain characters (it goes into a shell command), and never the root.</summary>
    public static void Validate(string mountPoint)
    {
        if (!MountPoint().IsMatch(mountPoint) || mountPoint.TrimEnd('/').Length == 0)
        {
            throw new ArgumentException($"lifeguard:freeze '{mountPoint}' must be an absolute mount point other than / (letters, digits, . _ - /).", nameof(mountPoint));
        }
    }

    private async Task RunAsync(string instanceId, string command, CancellationToken cancellationToken)
    {
        var commandId = await ssm.SendCommandAsync(new SendCommandRequest(
            "AWS-RunShellScript",
            [instanceId],
            new Dictionary<string, IReadOnlyList<string>> { ["commands"] = [command], ["executionTimeout"] = ["60"] })
        { TimeoutSeconds = 60, Comment = "lifeguard snapshot" }, cancellationToken).ConfigureAwait(false);
        // Bounded by the command's own 60 s timeout and by the caller's deadline.
        for (var poll = 0; poll < 90; poll++)
        {
            var invocation = await GetInvocationAsync(commandId, instanceId, cancellationToken).ConfigureAwait(false);
            if (invocation?.IsFinished == true)
            {
                if (invocation.Status != "Success")
                {
                    throw new InvalidOperationException($"'{command}' on {instanceId}: {invocation.Status} {invocation.StatusDetails} {invocation.StandardErrorContent}".Trim());
                }

                return;
            }

            await Task.Delay(PollInterval, time, cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException($"'{command}' on {instanceId} did not finish in 90 s.");
    }

    private async Task<CommandInvocation?> GetInvocationAsync(string commandId, string instanceId, CancellationToken cancellationToken)
    {
        try
        {
            return await ssm.GetCommandInvocationAsync(commandId, instanceId, cancellationToken).ConfigureAwait(false);
        }
        catch (Lifeguard.Aws.AwsApiException ex) when (ex.ErrorCode == "InvocationDoesNotExist")
        {
            // Not registered yet right after SendCommand.
            return null;
        }
    }

    [GeneratedRegex("^/[A-Za-z0-9._/-]*$")]
    private static partial Regex MountPoint();
}
