using System.Globalization;
using System.Text.RegularExpressions;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using Lifeguard.Aws;
using Lifeguard.Aws.Ssm;
using Lifeguard.Aws.Endpoints;
using Lifeguard.Aws.Sdk;

namespace Lifeguard.Snapshots.Adapters;

/// <summary>
/// fsfreeze through SSM Run Command. The freeze also starts a thaw on the instance after the timeout, so a filesystem
/// is never left frozen if this function dies between the two calls; the root filesystem is never frozen.
/// </summary>
/// <remarks>
/// The freeze's SendCommand goes on a client without the SDK's retries: a repeated freeze would fail on a frozen
/// filesystem, so it is sent again only when SSM surely did not receive it. The thaw, harmless to repeat, retries.
/// </remarks>
public sealed partial class SsmFilesystemFreezer(AwsConfiguration aws, IAmazonSimpleSystemsManagement ssm, IAmazonSimpleSystemsManagement ssmOnce, TimeSpan freezeTimeout, TimeProvider time) : IFilesystemFreezer
{
    public SsmFilesystemFreezer(AwsConfiguration aws, TimeSpan freezeTimeout, TimeProvider time)
        : this(aws, Client(aws, retry: true), Client(aws, retry: false), freezeTimeout, time)
    {
    }

    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    public async Task<DateTimeOffset> FreezeAsync(string instanceId, string mountPoint, CancellationToken cancellationToken)
    {
        Validate(mountPoint);
        // Taken before sending: the instance starts its `sleep` later than this, never earlier, and sleeps at least
        // the whole timeout (rounded up), so the filesystem stays frozen at least until then.
        var holdsUntil = time.GetUtcNow() + freezeTimeout;
        var seconds = ((int)Math.Ceiling(freezeTimeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        await RunAsync(instanceId,
            $"nohup sh -c 'sleep {seconds}; fsfreeze --unfreeze {mountPoint}' >/dev/null 2>&1 & fsfreeze --freeze {mountPoint}",
            once: true, cancellationToken).ConfigureAwait(false);
        return holdsUntil;
    }

    public Task ThawAsync(string instanceId, string mountPoint, CancellationToken cancellationToken)
    {
        Validate(mountPoint);
        // Already thawed (by the timer) is fine.
        return RunAsync(instanceId, $"fsfreeze --unfreeze {mountPoint} || true", once: false, cancellationToken);
    }

    /// <summary>An absolute path of plain characters (it goes into a shell command), and never the root.</summary>
    public static void Validate(string mountPoint)
    {
        if (Problem(mountPoint) is { } problem)
        {
            throw new ArgumentException(problem, nameof(mountPoint));
        }
    }

    /// <summary>Why <paramref name="mountPoint"/> cannot be frozen, or null when it can (see <see cref="Validate"/>).</summary>
    public static string? Problem(string mountPoint) => MountPoint().IsMatch(mountPoint) && mountPoint.TrimEnd('/').Length > 0
        ? null
        : $"lifeguard:freeze '{mountPoint}' must be an absolute mount point other than / (letters, digits, . _ - /).";

    /// <param name="once">A command that must not run twice (the freeze) goes without the SDK's retries.</param>
    private async Task RunAsync(string instanceId, string command, bool once, CancellationToken cancellationToken)
    {
        var request = new SendCommandRequest
        {
            DocumentName = "AWS-RunShellScript",
            InstanceIds = [instanceId],
            Parameters = new Dictionary<string, List<string>> { ["commands"] = [command], ["executionTimeout"] = ["60"] },
            TimeoutSeconds = 60,
            Comment = "lifeguard snapshot",
        };
        var sent = once
            ? await SdkCall.RunOnceAsync(aws, AwsService.Ssm, "SendCommand", ct => ssmOnce.SendCommandAsync(request, ct), cancellationToken).ConfigureAwait(false)
            : await SdkCall.RunAsync(AwsService.Ssm, "SendCommand", ct => ssm.SendCommandAsync(request, ct), cancellationToken).ConfigureAwait(false);
        var commandId = sent.Command.CommandId;
        // Bounded by the command's own 60 s timeout and by the caller's deadline.
        for (var poll = 0; poll < 90; poll++)
        {
            var invocation = await SsmCommandRunner.GetInvocationAsync(ssm, commandId, instanceId, cancellationToken).ConfigureAwait(false);
            if (invocation?.Status?.Value is "Success" or "Cancelled" or "TimedOut" or "Failed")
            {
                if (invocation.Status.Value != "Success")
                {
                    throw new InvalidOperationException($"'{command}' on {instanceId}: {invocation.Status.Value} {invocation.StatusDetails} {invocation.StandardErrorContent}".Trim());
                }

                return;
            }

            await Task.Delay(PollInterval, time, cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException($"'{command}' on {instanceId} did not finish in 90 s.");
    }

    private static AmazonSimpleSystemsManagementClient Client(AwsConfiguration aws, bool retry) =>
        new(aws.Credentials, aws.For<AmazonSimpleSystemsManagementConfig>(AwsService.Ssm, retry));

    [GeneratedRegex("^/[A-Za-z0-9._/-]*$")]
    private static partial Regex MountPoint();
}
