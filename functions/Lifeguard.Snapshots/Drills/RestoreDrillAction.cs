using Lifeguard.Aws.Ssm;
using Lifeguard.Aws;
using Lifeguard.Snapshots.Adapters;
using Lifeguard.Snapshots.Domain;

namespace Lifeguard.Snapshots.Drills;

/// <summary>
/// One volume's drill: a volume from its newest completed snapshot, in its zone; waited for until `available`;
/// optionally attached to the drill instance and validated there through SSM; then detached and deleted, always.
/// </summary>
public sealed class RestoreDrillAction(IBlockStorage ec2, IVolumeOperations volumes, ICommandRunner commands, VolumeRemover remover)
{
    /// <summary>EBS makes a volume from a snapshot `available` in seconds (blocks load lazily afterwards).</summary>
    private static readonly TimeSpan AvailableWait = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan AttachWait = TimeSpan.FromMinutes(2);

    /// <summary>The `finally` runs past the invocation's token (which has fired when the deadline cut the drill short), within this.</summary>
    private static readonly TimeSpan CleanupBudget = TimeSpan.FromSeconds(90);

    private readonly VolumeWaiter _waiter = new(ec2);

    /// <param name="drillInstance">Where to validate; null when none is configured.</param>
    public async Task<DrillOutcome> RunAsync(DrillRun run, Volume source, Snapshot snapshot, Instance? drillInstance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(snapshot);
        var outcome = new DrillOutcome(source.VolumeId, DrillOutcome.Failed) { SnapshotId = snapshot.SnapshotId, AvailabilityZone = source.AvailabilityZone };
        if (run.DryRun)
        {
            var validation = drillInstance is null
                ? "no validation (no drill instance configured)"
                : $"attach it to {drillInstance.InstanceId} and validate it through SSM";
            return outcome with { Result = DrillOutcome.DryRun, Detail = $"would restore {snapshot.SnapshotId} into a new volume in {source.AvailabilityZone}, {validation}, then delete it" };
        }

        var state = new DrillState();
        string? cleanupProblem = null;
        try
        {
            outcome = await RestoreAndValidateAsync(run, source, snapshot, drillInstance, outcome, state, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AwsApiException or TimeoutException or InvalidOperationException or ArgumentException
            || (ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            run.Context.Logger.Failed(ex, source.VolumeId);
            var why = ex is OperationCanceledException ? "stopped at the deadline" : ex.Message;
            outcome = outcome with { Result = DrillOutcome.Failed, Detail = state.RestoredVolumeId is null ? $"could not restore: {why}" : $"{state.Step}: {why}" };
        }
        finally
        {
            if (state.RestoredVolumeId is { } restored)
            {
                using var budget = new CancellationTokenSource(CleanupBudget, run.Time);
                cleanupProblem = await remover.RemoveAsync(restored, force: state.Attached && !state.ValidationFinished, run.Time, budget.Token).ConfigureAwait(false);
                if (cleanupProblem is null)
                {
                    run.Context.Logger.Removed(restored, $"drill of {source.VolumeId} done");
                }
            }
        }

        outcome = outcome with { RestoredVolumeId = state.RestoredVolumeId, CleanupProblem = cleanupProblem };
        run.Context.Logger.Drilled(source.VolumeId, snapshot.SnapshotId, outcome.Result, outcome.Detail);
        return outcome;
    }

    private async Task<DrillOutcome> RestoreAndValidateAsync(
        DrillRun run, Volume source, Snapshot snapshot, Instance? drillInstance, DrillOutcome outcome, DrillState state, CancellationToken cancellationToken)
    {
        var time = run.Time;
        var started = time.GetUtcNow();
        state.Step = "creating the volume";
        var created = await volumes.CreateVolumeAsync(new CreateVolumeRequest(snapshot.SnapshotId, source.AvailabilityZone)
        {
            Tags = run.Tags(source, snapshot),
            ClientToken = run.ClientToken(snapshot),
        }, cancellationToken).ConfigureAwait(false);
        state.RestoredVolumeId = created.VolumeId;

        state.Step = $"waiting for {created.VolumeId} to be available";
        var (available, done) = await _waiter.WaitAsync(created.VolumeId, v => v.State is "available" or "error", AvailableWait, time, cancellationToken).ConfigureAwait(false);
        if (!done || available?.State != "available")
        {
            return outcome with { Detail = $"the restored volume {created.VolumeId} is {available?.State ?? "gone"}, not available, after {(time.GetUtcNow() - started).TotalSeconds:0} s" };
        }

        var toAvailable = (time.GetUtcNow() - started).TotalSeconds;
        outcome = outcome with { SecondsToAvailable = toAvailable };
        if (drillInstance is null)
        {
            return outcome with
            {
                Result = DrillOutcome.Passed,
                Detail = $"restored to an available volume in {toAvailable:0.#} s",
                Validation = new DrillValidation(DrillOutcome.Skipped, "no drill instance configured (drillInstanceId)"),
            };
        }

        if (drillInstance.AvailabilityZone != source.AvailabilityZone)
        {
            return outcome with
            {
                Result = DrillOutcome.Skipped,
                Detail = $"restored in {toAvailable:0.#} s but not validated",
                Validation = new DrillValidation(DrillOutcome.Skipped,
                    $"drill instance in another zone: {drillInstance.InstanceId} is in {drillInstance.AvailabilityZone}, the volume in {source.AvailabilityZone}"),
            };
        }

        state.Step = $"attaching {created.VolumeId} to {drillInstance.InstanceId}";
        // Read again now: an earlier drill's volume may still hold a device name.
        var current = await ec2.DescribeInstancesAsync(new DescribeRequest { Filters = [new Ec2Filter("instance-id", drillInstance.InstanceId)] }, cancellationToken)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false) ?? drillInstance;
        if (DrillScript.FreeDevice(current) is not { } device)
        {
            return outcome with { Detail = $"{drillInstance.InstanceId} has no free device name left (/dev/sdf to /dev/sdz): detach what earlier drills left there" };
        }

        state.Attached = true;
        await volumes.AttachVolumeAsync(created.VolumeId, drillInstance.InstanceId, device, cancellationToken).ConfigureAwait(false);
        var (attached, isAttached) = await _waiter.WaitAsync(created.VolumeId, v => v.Attachments.Any(a => a.State == "attached"), AttachWait, time, cancellationToken).ConfigureAwait(false);
        if (!isAttached)
        {
            return outcome with { Detail = $"{created.VolumeId} did not attach to {drillInstance.InstanceId} ({attached?.State ?? "gone"})" };
        }

        state.Step = $"validating on {drillInstance.InstanceId}";
        var result = await commands.RunAsync(drillInstance.InstanceId, DrillScript.Build(created.VolumeId, snapshot.SnapshotId, device, run.Options.Command),
            run.Options.ValidationTimeout, $"lifeguard restore drill of {source.VolumeId}", cancellationToken).ConfigureAwait(false);
        state.ValidationFinished = result.Status != "Unfinished";
        var toValidated = (time.GetUtcNow() - started).TotalSeconds;
        var tail = DrillScript.Tail(result.Output);
        outcome = outcome with { SecondsToValidated = toValidated };
        return result.Succeeded
            ? outcome with
            {
                Result = DrillOutcome.Passed,
                Detail = $"available in {toAvailable:0.#} s, validated in {toValidated:0.#} s",
                Validation = new DrillValidation(DrillOutcome.Passed, OutputTail: tail),
            }
            : outcome with
            {
                Result = DrillOutcome.Failed,
                Detail = $"available in {toAvailable:0.#} s; validation failed",
                Validation = new DrillValidation(DrillOutcome.Failed, $"{result.Status}{(result.ExitCode is { } code ? $", exit code {code}" : string.Empty)}", tail),
            };
    }

    /// <summary>What the `finally` needs to know of how far the drill got.</summary>
    private sealed class DrillState
    {
        public string? RestoredVolumeId { get; set; }

        public bool Attached { get; set; }

        public bool ValidationFinished { get; set; }

        public string Step { get; set; } = "starting";
    }
}
