using System.Text.Json;
using Lifeguard.Aws.Sns;
using Lifeguard.Snapshots.Adapters;
using Lifeguard.Snapshots.Domain;
using Lifeguard.Snapshots.Tests.Adapters;
using Lifeguard.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace Lifeguard.Snapshots.Tests;

/// <summary>
/// The `coverage` function against moto. Moto stamps volumes and snapshots with the real time, so the tests move a
/// FakeTimeProvider relative to those stamps (read back through the same EC2 adapter) to age them.
/// </summary>
[Trait("Category", "Integration")]
public sealed class CoverageHandlerTests(MotoFixture moto) : MotoTest(moto)
{
    private static readonly CoverageEvent Status = new() { Action = CoverageEvent.Status };
    private static readonly CoverageEvent Check = new() { Action = CoverageEvent.Check };

    [Fact]
    public async Task Status_VolumeForAllTiers_ReportsEachTiersNewestSnapshotAgeAndOverdueAndChangesNothing()
    {
        var volumeId = await CreateVolumeAsync("true", "web-data");
        var snapshotId = await CreateManagedSnapshotAsync(volumeId, "daily");
        var created = await CreateTimeAsync(volumeId);
        var notifier = new RecordingNotifier();

        var report = await CreateSut(notifier).HandleAsync(Status, Context(created + TimeSpan.FromHours(7)), CancellationToken.None);

        var volume = Assert.Single(report.Volumes);
        Assert.Equal(("web-data", CoverageStatus.Unprotected, "PT6H"), (volume.Name, volume.Status, volume.Threshold));
        var daily = volume.Tiers.Single(t => t.Tier == "daily");
        Assert.Equal((snapshotId, "P1D", false), (daily.NewestSnapshotId, daily.Interval, daily.Overdue));
        Assert.InRange(daily.AgeHours!.Value, 6.9, 7.1);
        var threeHourly = volume.Tiers.Single(t => t.Tier == "3-hourly");
        Assert.Equal((null, null, true), (threeHourly.NewestSnapshotId, threeHourly.AgeHours, threeHourly.Overdue));
        Assert.Equal((1, 1), (report.ProtectedVolumes, report.UnprotectedVolumes));
        Assert.Empty(notifier.Sent);
        Assert.Empty(report.Alerted);
        Assert.DoesNotContain(SnapshotTags.UnprotectedSince, (await TagsAsync(volumeId)).Keys);
    }

    [Fact]
    public async Task Check_VolumeLosesCoverage_AlertsOnceAndTellsItsRecoveryOnce()
    {
        var volumeId = await CreateVolumeAsync("daily");
        var created = await CreateTimeAsync(volumeId);
        var time = new FakeTimeProvider(created + TimeSpan.FromDays(2) + TimeSpan.FromSeconds(1));
        var notifier = new RecordingNotifier();
        var sut = CreateSut(notifier, daily: true);

        var first = await sut.HandleAsync(Check, Context(time), CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(1));
        var second = await sut.HandleAsync(Check, Context(time), CancellationToken.None);

        Assert.Equal([volumeId], first.Alerted);
        Assert.Empty(second.Alerted);
        var alert = Assert.Single(notifier.Sent);
        Assert.Contains("1 volume(s) unprotected", alert.Subject, StringComparison.Ordinal);
        Assert.Contains($"- {volumeId}: no snapshot of its tiers at all", alert.FullText, StringComparison.Ordinal);
        Assert.True((await TagsAsync(volumeId)).ContainsKey(SnapshotTags.UnprotectedSince));
        Assert.Equal(CoverageStatus.Unprotected, Assert.Single(second.Volumes).Status);

        // A snapshot taken a few seconds after the volume is within two days of the clock again.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var snapshotId = await CreateManagedSnapshotAsync(volumeId, "daily");
        var third = await sut.HandleAsync(Check, Context(time), CancellationToken.None);
        var fourth = await sut.HandleAsync(Check, Context(time), CancellationToken.None);

        Assert.Equal([volumeId], third.Recovered);
        Assert.Empty(fourth.Recovered);
        Assert.Equal(2, notifier.Sent.Count);
        Assert.Contains("1 covered again", notifier.Sent[1].Subject, StringComparison.Ordinal);
        Assert.Contains(snapshotId, notifier.Sent[1].FullText, StringComparison.Ordinal);
        Assert.DoesNotContain(SnapshotTags.UnprotectedSince, (await TagsAsync(volumeId)).Keys);
    }

    [Fact]
    public async Task Check_BrandNewVolume_IsNotUnprotectedYet()
    {
        var volumeId = await CreateVolumeAsync("daily");
        var created = await CreateTimeAsync(volumeId);
        var notifier = new RecordingNotifier();

        var report = await CreateSut(notifier, daily: true).HandleAsync(Check, Context(created + TimeSpan.FromHours(47)), CancellationToken.None);

        Assert.Equal(CoverageStatus.New, Assert.Single(report.Volumes).Status);
        Assert.Equal(0, report.UnprotectedVolumes);
        Assert.Empty(notifier.Sent);
        Assert.DoesNotContain(SnapshotTags.UnprotectedSince, (await TagsAsync(volumeId)).Keys);
    }

    [Fact]
    public async Task Check_BackupTagNamingNoTier_IsReportedOnceAndForgottenWhenFixed()
    {
        var typo = await CreateVolumeAsync("dialy");
        var partly = await CreateVolumeAsync("daily,wekly");
        var instanceId = (await Moto.Boto3Async("""
            i = client("ec2").run_instances(ImageId="ami-12c6146b", MinCount=1, MaxCount=1,
                TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "lifeguard:backup", "Value": "hourly"}]}])["Instances"][0]["InstanceId"]
            out(i)
            """)).GetString()!;
        var notifier = new RecordingNotifier();
        var sut = CreateSut(notifier);
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow() + TimeSpan.FromHours(1));

        var first = await sut.HandleAsync(Check, Context(time), CancellationToken.None);
        var second = await sut.HandleAsync(Check, Context(time), CancellationToken.None);

        Assert.Equal(new[] { instanceId, partly, typo }.Order(StringComparer.Ordinal), first.Alerted.Order(StringComparer.Ordinal));
        Assert.Empty(second.Alerted);
        Assert.All(second.InvalidTags, t => Assert.True(t.Reported));
        var alert = Assert.Single(notifier.Sent);
        Assert.Contains("3 lifeguard:backup tag(s) naming no tier", alert.Subject, StringComparison.Ordinal);
        Assert.Contains($"- {typo}: \"dialy\" (not a tier: dialy)", alert.FullText, StringComparison.Ordinal);
        Assert.Contains($"- {partly}: \"daily,wekly\" (not a tier: wekly)", alert.FullText, StringComparison.Ordinal);
        Assert.Contains($"- {instanceId}: \"hourly\" (not a tier: hourly)", alert.FullText, StringComparison.Ordinal);
        Assert.Equal("dialy", (await TagsAsync(typo))[SnapshotTags.BackupTagInvalid]);
        // The partly valid volume is protected for daily all the same.
        Assert.Equal(["daily"], Assert.Single(second.Volumes).Tiers.Select(t => t.Tier));

        await Moto.Boto3Async($$"""client("ec2").create_tags(Resources=["{{typo}}"], Tags=[{"Key": "lifeguard:backup", "Value": "daily"}]); out(None)""");
        await sut.HandleAsync(Check, Context(time), CancellationToken.None);

        Assert.DoesNotContain(SnapshotTags.BackupTagInvalid, (await TagsAsync(typo)).Keys);
        Assert.Single(notifier.Sent);
    }

    [Fact]
    public async Task Check_InstanceTaggedVolumes_AreCoveredByItsCreateSnapshotsSnapshots()
    {
        var instanceId = await CreateTaggedInstanceAsync("daily");
        await new SnapshotsHost(Moto).InvokeAsync("snapshot", """{"tier":"daily","retention":"7 days"}""");
        var notifier = new RecordingNotifier();

        var report = await CreateSut(notifier).HandleAsync(Check, Context(TimeProvider.System.GetUtcNow() + TimeSpan.FromHours(1)), CancellationToken.None);

        Assert.Equal(2, report.ProtectedVolumes);
        Assert.All(report.Volumes, v =>
        {
            Assert.Equal(CoverageStatus.Covered, v.Status);
            Assert.Equal([instanceId], v.InstanceIds);
            Assert.NotNull(v.Tiers.Single(t => t.Tier == "daily").NewestSnapshotId);
        });
        Assert.Empty(notifier.Sent);
    }

    [Fact]
    public async Task Status_RestoreDrillVolumeOnATaggedDrillInstance_IsNotAProtectedVolume()
    {
        var instanceId = await CreateTaggedInstanceAsync("daily");
        await Moto.Boto3Async($$"""
            ec2 = client("ec2")
            az = ec2.describe_instances(InstanceIds=["{{instanceId}}"])["Reservations"][0]["Instances"][0]["Placement"]["AvailabilityZone"]
            v = ec2.create_volume(AvailabilityZone=az, Size=8, TagSpecifications=[{"ResourceType": "volume", "Tags": [{"Key": "lifeguard:drill", "Value": "run-1"}]}])["VolumeId"]
            ec2.attach_volume(VolumeId=v, InstanceId="{{instanceId}}", Device="/dev/sdz")
            out(v)
            """);

        var report = await CreateSut(new RecordingNotifier()).HandleAsync(new CoverageEvent { Action = "status" }, Context(TimeProvider.System.GetUtcNow()), CancellationToken.None);

        Assert.Equal(2, report.ProtectedVolumes);
    }

    [Fact]
    public async Task Check_InstanceTaggedVolumeUnprotected_KeepsItsStateOnTheInstance()
    {
        var instanceId = await CreateTaggedInstanceAsync("daily");
        var notifier = new RecordingNotifier();
        var sut = CreateSut(notifier, daily: true);
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow() + TimeSpan.FromDays(3));

        var first = await sut.HandleAsync(Check, Context(time), CancellationToken.None);
        var second = await sut.HandleAsync(Check, Context(time), CancellationToken.None);

        Assert.Equal(2, first.Alerted.Count);
        Assert.Empty(second.Alerted);
        Assert.Single(notifier.Sent);
        var instanceTags = await Moto.Boto3Async($$"""
            t = client("ec2").describe_instances(InstanceIds=["{{instanceId}}"])["Reservations"][0]["Instances"][0]["Tags"]
            out(sorted(x["Key"] for x in t))
            """);
        Assert.Equal(
            first.Alerted.Select(v => $"{SnapshotTags.UnprotectedSince}:{v}").Order(StringComparer.Ordinal),
            instanceTags.EnumerateArray().Select(k => k.GetString()!).Where(k => k.StartsWith(SnapshotTags.UnprotectedSince, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Check_SnsPublishFails_WritesNoStateAndTheNextRunAlerts()
    {
        var volumeId = await CreateVolumeAsync("daily");
        var time = new FakeTimeProvider(await CreateTimeAsync(volumeId) + TimeSpan.FromDays(3));
        var failing = new FailingNotifier();

        var failed = await CreateSut(failing, daily: true).HandleAsync(Check, Context(time), CancellationToken.None);

        Assert.Equal(1, failing.Attempts);
        Assert.Contains("AuthorizationError", failed.AlertFailed, StringComparison.Ordinal);
        Assert.DoesNotContain(SnapshotTags.UnprotectedSince, (await TagsAsync(volumeId)).Keys);

        var notifier = new RecordingNotifier();
        var next = await CreateSut(notifier, daily: true).HandleAsync(Check, Context(time), CancellationToken.None);

        Assert.Equal([volumeId], next.Alerted);
        Assert.Null(next.AlertFailed);
        Assert.Single(notifier.Sent);
        Assert.True((await TagsAsync(volumeId)).ContainsKey(SnapshotTags.UnprotectedSince));
    }

    [Fact]
    public async Task Check_DryRun_TellsAndWritesNothing()
    {
        var volumeId = await CreateVolumeAsync("daily");
        var notifier = new RecordingNotifier();

        var report = await CreateSut(notifier, daily: true).HandleAsync(
            Check with { DryRun = true }, Context(await CreateTimeAsync(volumeId) + TimeSpan.FromDays(3)), CancellationToken.None);

        Assert.Equal([volumeId], report.Alerted);
        Assert.Empty(notifier.Sent);
        Assert.DoesNotContain(SnapshotTags.UnprotectedSince, (await TagsAsync(volumeId)).Keys);
    }

    [Fact]
    public async Task Coverage_LocalInvokeOfTheSampleEvent_ReportsAsJson()
    {
        var volumeId = await CreateVolumeAsync("true");
        var host = new SnapshotsHost(Moto, new Dictionary<string, string?> { ["LIFEGUARD_TIERS"] = """[{"name":"3-hourly","retention":"24 hours","interval":"PT3H"},{"name":"daily","retention":"7 days","interval":"P1D"}]""" });

        var report = await host.InvokeAsync("coverage", await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Events, "snapshots", "coverage-status.json")));

        var volume = Assert.Single(report.GetProperty("volumes").EnumerateArray());
        Assert.Equal(volumeId, volume.GetProperty("volumeId").GetString());
        Assert.Equal("New", volume.GetProperty("status").GetString());
        Assert.Equal(["3-hourly", "daily"], volume.GetProperty("tiers").EnumerateArray().Select(t => t.GetProperty("tier").GetString()));
    }

    [Theory]
    [InlineData("""{"action":"stauts"}""", "action 'stauts'")]
    [InlineData("""{"action":"check","asof":"2026-01-01T00:00:00Z"}""", "asof")]
    public async Task Coverage_BadEvent_FailsNamingTheField(string json, string expected)
    {
        var (exitCode, error) = await new SnapshotsHost(Moto).InvokeFailingAsync("coverage", json);

        Assert.Equal(1, exitCode);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    private CoverageHandler CreateSut(INotifier notifier, bool daily = false)
    {
        var ec2 = new Ec2BlockStorage(Moto.Configuration());
        var tiers = new Dictionary<string, TierSettings>(StringComparer.Ordinal);
        if (!daily)
        {
            tiers["3-hourly"] = new TierSettings { Name = "3-hourly", Retention = "24 hours", Interval = "PT3H" };
        }

        tiers["daily"] = new TierSettings { Name = "daily", Retention = "7 days", Interval = "P1D" };
        return new CoverageHandler(ec2, ec2, notifier, new SnapshotsOptions { Tiers = tiers });
    }

    private static Lifeguard.Runtime.Hosting.InvocationContext Context(DateTimeOffset now) => Context(new FakeTimeProvider(now));

    private static Lifeguard.Runtime.Hosting.InvocationContext Context(FakeTimeProvider time) => TestContexts.Create("coverage", time: time);

    private async Task<string> CreateVolumeAsync(string backup, string? name = null) => (await Moto.Boto3Async($$"""
        tags = [{"Key": "lifeguard:backup", "Value": "{{backup}}"}] + ([{"Key": "Name", "Value": "{{name}}"}] if "{{name}}" else [])
        out(client("ec2").create_volume(AvailabilityZone="us-east-1a", Size=8, TagSpecifications=[{"ResourceType": "volume", "Tags": tags}])["VolumeId"])
        """)).GetString()!;

    /// <summary>An instance tagged lifeguard:backup with a data volume beside its root volume, neither tagged itself.</summary>
    private async Task<string> CreateTaggedInstanceAsync(string backup) => (await Moto.Boto3Async($$"""
        ec2 = client("ec2")
        i = ec2.run_instances(ImageId="ami-12c6146b", MinCount=1, MaxCount=1,
            TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "lifeguard:backup", "Value": "{{backup}}"}]}])["Instances"][0]
        data = ec2.create_volume(AvailabilityZone=i["Placement"]["AvailabilityZone"], Size=8)["VolumeId"]
        ec2.attach_volume(VolumeId=data, InstanceId=i["InstanceId"], Device="/dev/sdf")
        out(i["InstanceId"])
        """)).GetString()!;

    /// <summary>A completed managed snapshot of <paramref name="tier"/>, tagged as the snapshot function tags it.</summary>
    private async Task<string> CreateManagedSnapshotAsync(string volumeId, string tier) => (await Moto.Boto3Async($$"""
        s = client("ec2").create_snapshot(VolumeId="{{volumeId}}", TagSpecifications=[{"ResourceType": "snapshot", "Tags": [
            {"Key": "lifeguard:managed", "Value": "true"}, {"Key": "lifeguard:tier", "Value": "{{tier}}"}]}])
        out(s["SnapshotId"])
        """)).GetString()!;

    /// <summary>The volume's creation time as the function reads it.</summary>
    private async Task<DateTimeOffset> CreateTimeAsync(string volumeId)
    {
        var volume = await new Ec2BlockStorage(Moto.Configuration()).DescribeVolumesAsync(new DescribeRequest { Ids = [volumeId] }, CancellationToken.None).SingleAsync();
        return volume.CreateTime!.Value;
    }

    private async Task<Dictionary<string, string>> TagsAsync(string volumeId)
    {
        var tags = await Moto.Boto3Async($$"""
            tags = client("ec2").describe_volumes(VolumeIds=["{{volumeId}}"])["Volumes"][0].get("Tags", [])
            out(dict((t["Key"], t["Value"]) for t in tags))
            """);
        return tags.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
    }
}
