using Lifeguard.Aws.Ssm;
using System.Text.Json;
using Lifeguard.Aws.Sns;
using Lifeguard.Snapshots.Adapters;
using Lifeguard.Snapshots.Drills;
using Lifeguard.Snapshots.Tests.Adapters;
using Lifeguard.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace Lifeguard.Snapshots.Tests.Drills;

/// <summary>
/// Restore drills against moto: restore, validate, delete always; a crashed drill's volume deleted by a later run and
/// by nothing else; failures and overdue volumes alerted once each. moto has CreateVolume from a snapshot and
/// Attach/Detach/DeleteVolume; it records SSM SendCommand but runs nothing (every invocation is Success with no
/// output), so the real SSM runner is used where a passing validation is enough and <see cref="ScriptedCommandRunner"/>
/// where the validation must fail or print.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DrillHandlerTests(MotoFixture moto) : MotoTest(moto)
{
    [Fact]
    public async Task Drill_ProtectedVolumeWithDrillInstance_RestoresValidatesThroughSsmDeletesAndRecordsThePass()
    {
        var estate = await EstateAsync();
        var metrics = new StringWriter();
        var volumesBefore = await VolumeIdsAsync();

        var context = TestContexts.Create("drill", metrics: metrics);

        var report = await CreateSut(instanceId: estate.Instance).HandleAsync(new DrillEvent(), context, CancellationToken.None);

        var drill = Assert.Single(report.Drills);
        Assert.Equal(DrillOutcome.Passed, drill.Result);
        Assert.Equal(estate.Data, drill.VolumeId);
        Assert.Equal(estate.Snapshot, drill.SnapshotId);
        Assert.Equal(DrillOutcome.Passed, drill.Validation?.Status);
        Assert.NotNull(drill.SecondsToAvailable);
        Assert.NotNull(drill.SecondsToValidated);
        Assert.Null(drill.CleanupProblem);
        // Deleted again: the account holds exactly the volumes it held before.
        Assert.NotNull(drill.RestoredVolumeId);
        Assert.Equal(volumesBefore, await VolumeIdsAsync());
        Assert.NotNull((await TagsAsync(estate.Data)).GetValueOrDefault("lifeguard:drill-passed-at"));
        // The validation went to the drill instance through AWS-RunShellScript: find the device, check read-only.
        var commands = await Moto.Boto3Async("""out([[c["DocumentName"], c["InstanceIds"], "\n".join(c["Parameters"]["commands"])] for c in client("ssm").list_commands()["Commands"]])""");
        var command = Assert.Single(commands.EnumerateArray().ToList());
        Assert.Equal("AWS-RunShellScript", command[0].GetString());
        Assert.Equal(estate.Instance, command[1][0].GetString());
        var script = command[2].GetString()!;
        Assert.Contains($"vol={drill.RestoredVolumeId}", script, StringComparison.Ordinal);
        Assert.Contains("export LIFEGUARD_DRILL_DEVICE=", script, StringComparison.Ordinal);
        Assert.Contains("e2fsck -f -n", script, StringComparison.Ordinal);
        Assert.Contains("mount -o \"$opts\"", script, StringComparison.Ordinal);
        context.Metrics.Flush();
        var emf = metrics.ToString();
        Assert.Contains("\"RestoreDrillPassed\":1", emf, StringComparison.Ordinal);
        Assert.Contains("\"VolumesWithoutRecentDrill\":0", emf, StringComparison.Ordinal);
        Assert.Contains("TimeToRestoreSeconds", emf, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Drill_ValidationFails_ReportsAlertsWithTheOutputAndStillDeletesTheVolume()
    {
        var estate = await EstateAsync();
        var commands = new ScriptedCommandRunner { Results = [new CommandResult("Failed", 4, "/dev/nvme2n1: ********** WARNING: Filesystem still has errors **********\n")] };
        var notifier = new RecordingNotifier();
        var volumesBefore = await VolumeIdsAsync();

        var report = await CreateSut(commands, notifier: notifier, instanceId: estate.Instance).HandleAsync(new DrillEvent(), TestContexts.Create("drill"), CancellationToken.None);

        var drill = Assert.Single(report.Drills);
        Assert.Equal(DrillOutcome.Failed, drill.Result);
        Assert.Equal("Failed, exit code 4", drill.Validation?.Reason);
        Assert.Contains("still has errors", drill.Validation?.OutputTail, StringComparison.Ordinal);
        Assert.Equal(volumesBefore, await VolumeIdsAsync());
        Assert.False((await TagsAsync(estate.Data)).ContainsKey("lifeguard:drill-passed-at"));
        var alert = Assert.Single(notifier.Sent);
        Assert.Contains("1 restore drill(s) failed", alert.Subject, StringComparison.Ordinal);
        Assert.Contains(estate.Data, alert.FullText, StringComparison.Ordinal);
        Assert.Contains("still has errors", alert.FullText, StringComparison.Ordinal);
        // The user's command gets the device the script found.
        var (instance, script) = Assert.Single(commands.Calls);
        Assert.Equal(estate.Instance, instance);
        Assert.Contains(script, line => line.StartsWith("export LIFEGUARD_DRILL_DEVICE=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Drill_ConfiguredCommand_ReplacesTheDefaultCheck()
    {
        var estate = await EstateAsync();
        var commands = new ScriptedCommandRunner();

        await CreateSut(commands, instanceId: estate.Instance, command: "mysqlcheck --all-databases\necho ok").HandleAsync(new DrillEvent(), TestContexts.Create("drill"), CancellationToken.None);

        var script = Assert.Single(commands.Calls).Script;
        Assert.Equal(["mysqlcheck --all-databases", "echo ok"], script.TakeLast(2));
        Assert.DoesNotContain(script, line => line.Contains("fsck", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Drill_DrillInstanceInAnotherZone_RestoresButSkipsValidationSayingWhy()
    {
        var estate = await EstateAsync(dataZone: "us-east-1b");
        var commands = new ScriptedCommandRunner();
        var volumesBefore = await VolumeIdsAsync();

        var report = await CreateSut(commands, instanceId: estate.Instance).HandleAsync(new DrillEvent(), TestContexts.Create("drill"), CancellationToken.None);

        var drill = Assert.Single(report.Drills);
        Assert.Equal(DrillOutcome.Skipped, drill.Result);
        Assert.StartsWith("drill instance in another zone", drill.Validation?.Reason, StringComparison.Ordinal);
        Assert.Equal("us-east-1b", drill.AvailabilityZone);
        Assert.Empty(commands.Calls);
        Assert.Equal(volumesBefore, await VolumeIdsAsync());
        Assert.False((await TagsAsync(estate.Data)).ContainsKey("lifeguard:drill-passed-at"));
    }

    [Theory]
    [InlineData("CreateVolume")]
    [InlineData("AttachVolume")]
    public async Task Drill_ProcessDiesHalfWay_ALaterRunDeletesTheLeftoverOnceItIsOld(string diesAfter)
    {
        var estate = await EstateAsync();
        var start = TimeProvider.System.GetUtcNow();
        var dying = new DyingVolumeOperations(new Ec2VolumeOperations(Moto.Configuration()), diesAfter);

        await Assert.ThrowsAsync<ProcessDiedException>(() =>
            CreateSut(new ScriptedCommandRunner(), dying, instanceId: estate.Instance).HandleAsync(new DrillEvent(), TestContexts.Create("drill"), CancellationToken.None));

        var leftover = Assert.Single(await DrillVolumesAsync());
        Assert.Equal(diesAfter == "AttachVolume", (await AttachedToAsync(leftover)) == estate.Instance);

        // Ten minutes on, the volume may still be a running drill's: left alone (the new drill takes another device).
        var soon = await CreateSut(new ScriptedCommandRunner(), instanceId: estate.Instance)
            .HandleAsync(new DrillEvent(), TestContexts.Create("drill", time: new FakeTimeProvider(start + TimeSpan.FromMinutes(10))), CancellationToken.None);
        Assert.Empty(soon.CleanedUp);
        Assert.Equal(DrillOutcome.Passed, Assert.Single(soon.Drills).Result);
        Assert.Equal([leftover], await DrillVolumesAsync());

        // A dry run two hours on says what it would delete and deletes nothing.
        var later = new FakeTimeProvider(start + TimeSpan.FromHours(2));
        var dry = await CreateSut(new ScriptedCommandRunner(), instanceId: estate.Instance)
            .HandleAsync(new DrillEvent { DryRun = true }, TestContexts.Create("drill", time: later), CancellationToken.None);
        Assert.StartsWith("dry run: would delete", Assert.Single(dry.CleanedUp).Detail, StringComparison.Ordinal);
        Assert.Equal([leftover], await DrillVolumesAsync());

        var next = await CreateSut(new ScriptedCommandRunner(), instanceId: estate.Instance).HandleAsync(new DrillEvent(), TestContexts.Create("drill", time: later), CancellationToken.None);

        Assert.Equal(leftover, Assert.Single(next.CleanedUp).Target);
        Assert.Empty(next.CleanupFailed);
        Assert.Empty(await DrillVolumesAsync());
        Assert.Equal(estate.Bystanders.Order(StringComparer.Ordinal), (await VolumeIdsAsync()).Intersect(estate.Bystanders).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Drill_DeadlineFiresAfterCreateVolume_TheFinallyDeletesItAndTheRestIsNotReached()
    {
        var estate = await EstateAsync();
        await Moto.Boto3Async($$"""
            ec2 = client("ec2")
            v = ec2.create_volume(AvailabilityZone="{{estate.Zone}}", Size=8, TagSpecifications=[{"ResourceType": "volume", "Tags": [{"Key": "lifeguard:backup", "Value": "true"}]}])["VolumeId"]
            ec2.create_snapshot(VolumeId=v, TagSpecifications=[{"ResourceType": "snapshot", "Tags": [{"Key": "lifeguard:managed", "Value": "true"}]}])
            out(v)
            """);
        var volumesBefore = await VolumeIdsAsync();
        using var deadline = new CancellationTokenSource();
        var volumes = new CancellingVolumeOperations(new Ec2VolumeOperations(Moto.Configuration()), deadline);
        var notifier = new RecordingNotifier();

        var report = await CreateSut(new ScriptedCommandRunner(), volumes, notifier, estate.Instance).HandleAsync(new DrillEvent(), TestContexts.Create("drill"), deadline.Token);

        Assert.Equal(2, report.Drills.Count);
        Assert.Equal(DrillOutcome.Failed, report.Drills[0].Result);
        Assert.Contains("stopped at the deadline", report.Drills[0].Detail, StringComparison.Ordinal);
        Assert.Null(report.Drills[0].CleanupProblem);
        Assert.Equal(DrillOutcome.NotReached, report.Drills[1].Result);
        Assert.Equal(volumesBefore, await VolumeIdsAsync());
        Assert.Contains("1 restore drill(s) failed", Assert.Single(notifier.Sent).Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Drill_OverdueVolumeAcrossRuns_AlertsOnceWhileFailingAndRecoversOnce()
    {
        var estate = await EstateAsync();
        // The volume was made "30 days ago" and never drilled: overdue (drillMaxAgeDays 14) from the first run.
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow() + TimeSpan.FromDays(30));
        var failing = new ScriptedCommandRunner { Results = [new CommandResult("Failed", 1, "mount: wrong fs type\n")] };
        var notifier = new RecordingNotifier();
        async Task<DrillReport> RunAsync(ICommandRunner commands)
        {
            var report = await CreateSut(commands, notifier: notifier, instanceId: estate.Instance).HandleAsync(new DrillEvent(), TestContexts.Create("drill", time: time), CancellationToken.None);
            time.Advance(TimeSpan.FromDays(7));
            return report;
        }

        var first = await RunAsync(failing);
        Assert.Equal([estate.Data], first.NewlyOverdue);
        Assert.Contains("No successful restore drill for 14 days", Assert.Single(notifier.Sent).FullText, StringComparison.Ordinal);
        Assert.True((await TagsAsync(estate.Data)).ContainsKey("lifeguard:drill-overdue-alerted"));

        var second = await RunAsync(failing);
        Assert.Equal([estate.Data], second.Overdue);
        Assert.Empty(second.NewlyOverdue);
        Assert.Equal(2, notifier.Sent.Count);
        Assert.DoesNotContain("No successful restore drill", notifier.Sent[1].FullText, StringComparison.Ordinal);
        Assert.Contains("failed", notifier.Sent[1].Subject, StringComparison.Ordinal);

        var third = await RunAsync(new ScriptedCommandRunner());
        Assert.Empty(third.Overdue);
        Assert.Equal([estate.Data], third.Recovered);
        Assert.Equal(3, notifier.Sent.Count);
        Assert.Contains("pass again", notifier.Sent[2].Subject, StringComparison.Ordinal);
        Assert.False((await TagsAsync(estate.Data)).ContainsKey("lifeguard:drill-overdue-alerted"));

        var fourth = await RunAsync(new ScriptedCommandRunner());
        Assert.Empty(fourth.Recovered);
        Assert.Equal(3, notifier.Sent.Count);
    }

    [Fact]
    public async Task Drill_NotifierFails_LeavesTheAlertStateSoTheNextRunAlertsAgain()
    {
        var estate = await EstateAsync();
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow() + TimeSpan.FromDays(30));
        var failing = new ScriptedCommandRunner { Results = [new CommandResult("Failed", 1, "bad\n")] };

        await CreateSut(failing, notifier: new FailingNotifier(), instanceId: estate.Instance).HandleAsync(new DrillEvent(), TestContexts.Create("drill", time: time), CancellationToken.None);
        var notifier = new RecordingNotifier();
        var second = await CreateSut(failing, notifier: notifier, instanceId: estate.Instance).HandleAsync(new DrillEvent(), TestContexts.Create("drill", time: time), CancellationToken.None);

        Assert.Equal([estate.Data], second.NewlyOverdue);
        Assert.Contains("No successful restore drill", Assert.Single(notifier.Sent).FullText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RemoveAsync_VolumeWithoutTheDrillTag_IsNeverDetachedNorDeleted()
    {
        var estate = await EstateAsync();
        var remover = new VolumeRemover(new Ec2BlockStorage(Moto.Configuration()), new Ec2VolumeOperations(Moto.Configuration()));

        foreach (var volumeId in estate.Bystanders)
        {
            var problem = await remover.RemoveAsync(volumeId, force: true, TimeProvider.System, CancellationToken.None);
            Assert.Contains("never touched", problem, StringComparison.Ordinal);
        }

        Assert.Equal(estate.Bystanders.Order(StringComparer.Ordinal), (await VolumeIdsAsync()).Intersect(estate.Bystanders).Order(StringComparer.Ordinal));
        Assert.Equal(estate.Instance, await AttachedToAsync(estate.Attached));
    }

    [Fact]
    public async Task Drill_Sample_DrillsTheLongestUndrilledFirst()
    {
        var estate = await EstateAsync();
        var second = (await Moto.Boto3Async($$"""
            ec2 = client("ec2")
            v = ec2.create_volume(AvailabilityZone="{{estate.Zone}}", Size=8, TagSpecifications=[{"ResourceType": "volume", "Tags": [{"Key": "lifeguard:backup", "Value": "daily"}]}])["VolumeId"]
            ec2.create_snapshot(VolumeId=v, TagSpecifications=[{"ResourceType": "snapshot", "Tags": [{"Key": "lifeguard:managed", "Value": "true"}]}])
            ec2.create_tags(Resources=["{{estate.Data}}"], Tags=[{"Key": "lifeguard:drill-passed-at", "Value": "2026-01-01T00:00:00Z"}])
            out(v)
            """)).GetString()!;

        var report = await CreateSut(new ScriptedCommandRunner(), instanceId: estate.Instance).HandleAsync(new DrillEvent { Sample = 1 }, TestContexts.Create("drill"), CancellationToken.None);

        Assert.Equal(second, Assert.Single(report.Drills).VolumeId);
        Assert.Equal(DrillOutcome.Passed, report.Drills[0].Result);
    }

    [Fact]
    public async Task Drill_SampleOfOne_AFailingVolumeDoesNotTakeEveryTurnNorDoesOneWithNothingToRestore()
    {
        var estate = await EstateAsync();
        var others = await Moto.Boto3Async($$"""
            ec2 = client("ec2")
            tags = [{"ResourceType": "volume", "Tags": [{"Key": "lifeguard:backup", "Value": "true"}]}]
            v = ec2.create_volume(AvailabilityZone="{{estate.Zone}}", Size=8, TagSpecifications=tags)["VolumeId"]
            ec2.create_snapshot(VolumeId=v, TagSpecifications=[{"ResourceType": "snapshot", "Tags": [{"Key": "lifeguard:managed", "Value": "true"}]}])
            out({"second": v, "bare": ec2.create_volume(AvailabilityZone="{{estate.Zone}}", Size=8, TagSpecifications=tags)["VolumeId"]})
            """);
        var failing = new ScriptedCommandRunner { Results = [new CommandResult("Failed", 1, "bad\n")] };
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var drilled = new List<string>();

        for (var run = 0; run < 2; run++)
        {
            var report = await CreateSut(failing, instanceId: estate.Instance).HandleAsync(new DrillEvent { Sample = 1 }, TestContexts.Create("drill", time: time), CancellationToken.None);
            var drill = Assert.Single(report.Drills, d => d.Result != DrillOutcome.Skipped);
            drilled.Add(drill.VolumeId);
            Assert.Equal(others.GetProperty("bare").GetString(), Assert.Single(report.Drills, d => d.Result == DrillOutcome.Skipped).VolumeId);
            time.Advance(TimeSpan.FromDays(7));
        }

        Assert.Equal(new[] { estate.Data, others.GetProperty("second").GetString()! }.Order(StringComparer.Ordinal), drilled.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Drill_DryRunThroughThePackage_CreatesNothingAndSaysWhatItWouldDo()
    {
        var estate = await EstateAsync();
        var volumesBefore = await VolumeIdsAsync();
        var host = new SnapshotsHost(Moto, new Dictionary<string, string?> { ["LIFEGUARD_DRILL_INSTANCE_ID"] = estate.Instance });

        var flagged = await host.InvokeAsync("drill", "{}", "--dry-run");
        var asked = await host.InvokeAsync("drill", $$"""{"volumeIds":["{{estate.Data}}"],"dryRun":true}""");

        foreach (var report in new[] { flagged, asked })
        {
            Assert.True(report.GetProperty("dryRun").GetBoolean());
            var drill = Assert.Single(report.GetProperty("drills").EnumerateArray());
            Assert.Equal("dry run", drill.GetProperty("result").GetString());
            Assert.Contains($"would restore {estate.Snapshot}", drill.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Contains(estate.Instance, drill.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(volumesBefore, await VolumeIdsAsync());
        Assert.False((await TagsAsync(estate.Data)).ContainsKey("lifeguard:drill-passed-at"));
        var commands = await Moto.Boto3Async("""out(len(client("ssm").list_commands()["Commands"]))""");
        Assert.Equal(0, commands.GetInt32());
    }

    [Theory]
    [InlineData("""{"volumeIds":["sda1"]}""", "volumeIds[0] 'sda1'")]
    [InlineData("""{"sample":0}""", "sample 0")]
    [InlineData("""{"dryrun":true}""", "dryrun")]
    [InlineData("""{"volumeIds":"vol-0123456789abcdef0"}""", "volumeIds")]
    public async Task Drill_BadEvent_FailsNamingTheFieldAndCreatesNothing(string json, string expected)
    {
        await EstateAsync();
        var volumesBefore = await VolumeIdsAsync();

        var (exitCode, error) = await new SnapshotsHost(Moto).InvokeFailingAsync("drill", json);

        Assert.Equal(1, exitCode);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Equal(volumesBefore, await VolumeIdsAsync());
    }

    [Fact]
    public async Task Drill_NamedVolumeThatDoesNotExist_IsReportedFailed()
    {
        await EstateAsync();

        var report = await CreateSut().HandleAsync(new DrillEvent { VolumeIds = ["vol-0123456789abcdef0"] }, TestContexts.Create("drill"), CancellationToken.None);

        Assert.Equal("no such volume", Assert.Single(report.Drills).Detail);
    }

    private DrillHandler CreateSut(ICommandRunner? commands = null, IVolumeOperations? volumes = null, INotifier? notifier = null, string? instanceId = null, string? command = null) => new(
        new Ec2BlockStorage(Moto.Configuration()),
        volumes ?? new Ec2VolumeOperations(Moto.Configuration()),
        commands ?? new SsmCommandRunner(Moto.Configuration(), TimeProvider.System),
        notifier ?? new RecordingNotifier(),
        new DrillOptions { InstanceId = instanceId, Command = command });

    private sealed record Estate(string Instance, string Zone, string Data, string Snapshot, string Attached, IReadOnlyList<string> Bystanders);

    /// <summary>
    /// A running drill instance; a data volume tagged lifeguard:backup with a managed snapshot; and bystanders no drill
    /// may touch: an untagged volume, one attached to the drill instance, and one tagged only lifeguard:drill-of.
    /// </summary>
    private async Task<Estate> EstateAsync(string? dataZone = null)
    {
        var e = await Moto.Boto3Async($$"""
            ec2 = client("ec2")
            i = ec2.run_instances(ImageId="ami-12c6146b", MinCount=1, MaxCount=1, Placement={"AvailabilityZone": "us-east-1a"})["Instances"][0]
            az = i["Placement"]["AvailabilityZone"]
            def volume(tags, zone=az):
                spec = [{"ResourceType": "volume", "Tags": [{"Key": k, "Value": v} for k, v in tags.items()]}] if tags else []
                return ec2.create_volume(AvailabilityZone=zone, Size=8, TagSpecifications=spec)["VolumeId"]
            data = volume({"lifeguard:backup": "true", "Name": "web-data"}, {{(dataZone is null ? "az" : $"\"{dataZone}\"")}})
            snap = ec2.create_snapshot(VolumeId=data, TagSpecifications=[{"ResourceType": "snapshot", "Tags": [{"Key": "lifeguard:managed", "Value": "true"}]}])["SnapshotId"]
            attached = volume({"Name": "drill-box-own"})
            ec2.attach_volume(VolumeId=attached, InstanceId=i["InstanceId"], Device="/dev/sdf")
            bystanders = [volume({}), attached, volume({"lifeguard:drill-of": data})]
            out({"instance": i["InstanceId"], "zone": az, "data": data, "snapshot": snap, "attached": attached, "bystanders": bystanders})
            """);
        return new Estate(e.GetProperty("instance").GetString()!, e.GetProperty("zone").GetString()!, e.GetProperty("data").GetString()!,
            e.GetProperty("snapshot").GetString()!, e.GetProperty("attached").GetString()!, [.. e.GetProperty("bystanders").EnumerateArray().Select(b => b.GetString()!)]);
    }

    private async Task<List<string>> VolumeIdsAsync() =>
        [.. (await Moto.Boto3Async("""out(sorted(v["VolumeId"] for v in client("ec2").describe_volumes()["Volumes"]))""")).EnumerateArray().Select(v => v.GetString()!)];

    private async Task<List<string>> DrillVolumesAsync() =>
        [.. (await Moto.Boto3Async("""out(sorted(v["VolumeId"] for v in client("ec2").describe_volumes(Filters=[{"Name": "tag-key", "Values": ["lifeguard:drill"]}])["Volumes"]))"""))
            .EnumerateArray().Select(v => v.GetString()!)];

    private async Task<string?> AttachedToAsync(string volumeId) =>
        (await Moto.Boto3Async($$"""
            a = client("ec2").describe_volumes(VolumeIds=["{{volumeId}}"])["Volumes"][0].get("Attachments", [])
            out(a[0]["InstanceId"] if a else None)
            """)).GetString();

    private async Task<Dictionary<string, string>> TagsAsync(string volumeId) =>
        (await Moto.Boto3Async($$"""out({t["Key"]: t["Value"] for t in client("ec2").describe_volumes(VolumeIds=["{{volumeId}}"])["Volumes"][0].get("Tags", [])})"""))
            .EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);

    private sealed class FailingNotifier : INotifier
    {
        public Task NotifyAsync(Notification notification, CancellationToken cancellationToken) =>
            throw new Lifeguard.Aws.AwsApiException("SNS", "Publish", 500, "InternalError", "SNS is down");
    }
}
