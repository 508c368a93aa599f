using System.Text.Json;
using Lifeguard.Aws;
using Lifeguard.Snapshots.Adapters;
using Lifeguard.Snapshots.Domain;
using Lifeguard.Aws.Sns;
using Lifeguard.Runtime.Hosting;
using Lifeguard.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lifeguard.Snapshots.Tests;

/// <summary>The `expire` function against moto, the estate built and checked through boto3.</summary>
[Trait("Category", "Integration")]
public sealed class ExpireHandlerTests(MotoFixture moto) : MotoTest(moto)
{
    private const string Past = "2026-01-01T00:00:00Z";
    private const string Future = "2099-01-01T00:00:00Z";

    [Fact]
    public async Task Expire_MixedEstate_DeletesExactlyTheExpiredManagedOnes()
    {
        var estate = await BuildEstateAsync();

        var report = await new SnapshotsHost(Moto).InvokeAsync("expire", "{}");

        var deleted = Ids(report, "deleted");
        Assert.True(deleted.Count == 3, report.ToString());
        var kept = report.GetProperty("skipped").EnumerateArray().ToDictionary(s => s.GetProperty("SnapshotId").GetString()!, s => s.GetProperty("Reason").GetString());
        Assert.Contains(estate.GetProperty("b_expired").GetString(), deleted);
        Assert.Contains(estate.GetProperty("c_expired").GetString(), deleted);
        Assert.Contains(estate.GetProperty("a1").GetString(), deleted);
        Assert.Equal(3, deleted.Count);
        Assert.Equal("Protected", kept[estate.GetProperty("b_protected").GetString()!]);
        Assert.Equal("UsedByImage", kept[estate.GetProperty("ami_snapshot").GetString()!]);
        Assert.Equal("NewestOfVolume", kept[estate.GetProperty("a2").GetString()!]);
        var remaining = await RemainingAsync();
        Assert.DoesNotContain(estate.GetProperty("b_expired").GetString(), remaining);
        Assert.Contains(estate.GetProperty("b_unmanaged").GetString(), remaining);
        Assert.Contains(estate.GetProperty("b_future").GetString(), remaining);
        Assert.Contains(estate.GetProperty("c_future").GetString(), remaining);
        Assert.Contains(estate.GetProperty("ami_snapshot").GetString(), remaining);
        Assert.Contains(estate.GetProperty("b_protected").GetString(), remaining);
    }

    [Fact]
    public async Task Expire_DryRun_DeletesNothingButSaysWhat()
    {
        var estate = await BuildEstateAsync();
        var before = await RemainingAsync();

        var report = await new SnapshotsHost(Moto).InvokeAsync("expire", """{"dryRun":true}""");

        Assert.True(report.GetProperty("dryRun").GetBoolean());
        Assert.Contains(estate.GetProperty("b_expired").GetString(), Ids(report, "deleted"));
        Assert.Equal(before, await RemainingAsync());
    }

    [Fact]
    public async Task Expire_AsOfInsideLambda_IsRefused()
    {
        await BuildEstateAsync();
        var before = await RemainingAsync();
        var handler = SnapshotsComposition.CreateExpireHandler(new HostServices(new DictionaryEnvironment(Moto.AwsEnvironment()), NullLogger.Instance, TimeProvider.System));

        var ex = await Assert.ThrowsAsync<InvalidEventException>(() => handler.HandleAsync(new ExpireEvent { AsOf = DateTimeOffset.Parse(Future, System.Globalization.CultureInfo.InvariantCulture) }, TestContexts.Create("expire"), CancellationToken.None));

        Assert.Contains("asOf", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, await RemainingAsync());
    }

    [Fact]
    public async Task Expire_AsOfLocally_MovesTheClockForTheDecisionOnly()
    {
        var estate = await BuildEstateAsync();

        var report = await new SnapshotsHost(Moto).InvokeAsync("expire", $$"""{"asOf":"2100-01-01T00:00:00Z"}""");

        Assert.Contains(estate.GetProperty("c_future").GetString(), Ids(report, "deleted"));
    }

    [Fact]
    public async Task Expire_SeveralDeadlineBoundRuns_DeleteEachSnapshotExactlyOnce()
    {
        var ids = (await Moto.Boto3Async($$"""
            ec2 = client("ec2")
            v = ec2.create_volume(AvailabilityZone="us-east-1a", Size=8)["VolumeId"]
            ids = []
            for i in range(30):
                ids.append(ec2.create_snapshot(VolumeId=v, TagSpecifications=[{"ResourceType": "snapshot", "Tags": [{"Key": "lifeguard:managed", "Value": "true"}, {"Key": "lifeguard:volume", "Value": v}, {"Key": "lifeguard:expires-at", "Value": "{{Past}}"}]}])["SnapshotId"])
            ec2.delete_volume(VolumeId=v)
            out(ids)
            """)).EnumerateArray().Select(e => e.GetString()!).ToList();
        await using var proxy = await FaultProxy.StartAsync(Moto.Endpoint);
        var environment = new Dictionary<string, string?>(Moto.AwsEnvironment())
        {
            ["AWS_ENDPOINT_URL"] = proxy.Endpoint.ToString().TrimEnd('/'),
            ["LIFEGUARD_EC2_BUCKET_BURST"] = "4",
            ["LIFEGUARD_EC2_BUCKET_REFILL_PER_SECOND"] = "8",
        };
        var handler = SnapshotsComposition.CreateExpireHandler(new HostServices(new DictionaryEnvironment(environment), NullLogger.Instance, TimeProvider.System));
        var reported = new List<string>();
        var runs = 0;
        // A dry run first, without a deadline: the first use of the SDK's clients (JIT, endpoint rules) is not what
        // the deadlines below are meant to cut.
        await handler.HandleAsync(new ExpireEvent { DryRun = true }, TestContexts.Create("expire"), CancellationToken.None);

        // Bounded; generous, because on a loaded machine a 1.5 s run may spend most of itself listing.
        for (; runs < 40; runs++)
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(1.5));
            ExpireReport report;
            try
            {
                report = await handler.HandleAsync(new ExpireEvent(), TestContexts.Create("expire"), deadline.Token);
            }
            catch (OperationCanceledException ex) when (deadline.IsCancellationRequested && ex.StackTrace?.Contains("PagesAsync", StringComparison.Ordinal) == true)
            {
                // The deadline fired while it was still listing, before it decided anything (a loaded machine):
                // Lambda reports such a run as timed out, and the next one starts over. A deadline anywhere later
                // must end in a report (the catch does not match, and the test fails).
                continue;
            }

            Assert.Empty(report.Failed);
            reported.AddRange(report.Deleted);
            if (report.Remaining.Count == 0)
            {
                break;
            }
        }

        Assert.InRange(runs, 2, 39);
        // Exactly once, counted where it matters: the deletions EC2 performed. A call cut off by a deadline may still
        // be on its way to EC2 when the next run lists the snapshots; that run then sends it once more and is told
        // the snapshot is gone, which it counts as deleted: at most one such repeat per cut-off run.
        Assert.Equal(ids.Count, proxy.SucceededActions["DeleteSnapshot"]);
        Assert.InRange(proxy.ForwardedActions["DeleteSnapshot"], ids.Count, ids.Count + runs);
        Assert.Equal(reported.Count, reported.Distinct().Count());
        Assert.Subset(ids.ToHashSet(), reported.ToHashSet());
        Assert.Empty((await RemainingAsync()).Intersect(ids));
    }

    [Fact]
    public async Task Expire_ThrottledOnce_RetriesAndReportsItInTheMetrics()
    {
        var estate = await BuildEstateAsync();
        await using var proxy = await FaultProxy.StartAsync(Moto.Endpoint);
        var environment = new Dictionary<string, string?>(Moto.AwsEnvironment()) { ["AWS_ENDPOINT_URL"] = proxy.Endpoint.ToString().TrimEnd('/') };
        var handler = SnapshotsComposition.CreateExpireHandler(new HostServices(new DictionaryEnvironment(environment), NullLogger.Instance, TimeProvider.System));
        using var metrics = new StringWriter();
        var context = TestContexts.Create("expire", metrics: metrics);
        proxy.Then(Fault.Throttle);

        var report = await handler.HandleAsync(new ExpireEvent(), context, CancellationToken.None);
        context.Metrics.Flush();

        Assert.Contains(estate.GetProperty("b_expired").GetString(), report.Deleted);
        using var emf = JsonDocument.Parse(metrics.ToString());
        Assert.Equal(1, emf.RootElement.GetProperty("Throttled").GetDouble());
        Assert.Equal(3, emf.RootElement.GetProperty("SnapshotsDeleted").GetDouble());
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("true", true)]
    public async Task Expire_SharedWithAnotherAccount_IsKeptAndReported_UnlessDeleteSharedIsSet(string? deleteShared, bool deleted)
    {
        var ids = await Moto.Boto3Async($$"""
            import time
            ec2 = client("ec2")
            v = ec2.create_volume(AvailabilityZone="us-east-1a", Size=8)["VolumeId"]
            tags = [{"ResourceType": "snapshot", "Tags": [{"Key": "lifeguard:managed", "Value": "true"}, {"Key": "lifeguard:volume", "Value": v}, {"Key": "lifeguard:expires-at", "Value": "{{Past}}"}]}]
            shared = ec2.create_snapshot(VolumeId=v, TagSpecifications=tags)["SnapshotId"]
            ec2.modify_snapshot_attribute(SnapshotId=shared, Attribute="createVolumePermission", OperationType="add", UserIds=["111122223333"])
            time.sleep(1.1)
            out({"shared": shared, "newest": ec2.create_snapshot(VolumeId=v, TagSpecifications=tags)["SnapshotId"]})
            """);
        var shared = ids.GetProperty("shared").GetString()!;

        var report = await new SnapshotsHost(Moto, new Dictionary<string, string?> { ["LIFEGUARD_DELETE_SHARED"] = deleteShared }).InvokeAsync("expire", "{}");

        Assert.Equal(deleted, Ids(report, "deleted").Contains(shared));
        Assert.Equal(!deleted, (await RemainingAsync()).Contains(shared));
        if (!deleted)
        {
            var kept = report.GetProperty("skipped").EnumerateArray().Single(s => s.GetProperty("SnapshotId").GetString() == shared);
            Assert.Equal("Shared", kept.GetProperty("Reason").GetString());
            Assert.Contains("111122223333", kept.GetProperty("Detail").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Expire_CopyThatKeptTheTags_IsNotDeletedOnTheOriginalsDate()
    {
        // A same-region copy made with "copy tags": real EC2 gives it the volume id vol-ffffffff; moto keeps the
        // source's, so EC2's answer is restored by AnswersAsEc2 below (the only fake here, for moto's difference).
        var ids = await Moto.Boto3Async($$"""
            import time
            ec2 = client("ec2")
            v = ec2.create_volume(AvailabilityZone="us-east-1a", Size=8)["VolumeId"]
            tags = [{"Key": "lifeguard:managed", "Value": "true"}, {"Key": "lifeguard:volume", "Value": v}, {"Key": "lifeguard:expires-at", "Value": "{{Past}}"}]
            original = ec2.create_snapshot(VolumeId=v, TagSpecifications=[{"ResourceType": "snapshot", "Tags": tags}])["SnapshotId"]
            copy = ec2.copy_snapshot(SourceSnapshotId=original, SourceRegion="us-east-1", TagSpecifications=[{"ResourceType": "snapshot", "Tags": tags}])["SnapshotId"]
            time.sleep(1.1)
            tags[2]["Value"] = "{{Future}}"
            ec2.create_snapshot(VolumeId=v, TagSpecifications=[{"ResourceType": "snapshot", "Tags": tags}])
            out({"original": original, "copy": copy})
            """);
        var copy = ids.GetProperty("copy").GetString()!;
        var handler = Expire(new AnswersAsEc2(new Ec2BlockStorage(Moto.Configuration()), copy));

        var report = await handler.HandleAsync(new ExpireEvent(), TestContexts.Create("expire"), CancellationToken.None);

        Assert.Equal([ids.GetProperty("original").GetString()!], report.Deleted);
        var kept = report.Skipped.Single(s => s.SnapshotId == copy);
        Assert.Equal(ExpirySkipReason.NotOurs, kept.Reason);
        Assert.Contains(copy, await RemainingAsync());
    }

    [Fact]
    public async Task Expire_SharingCannotBeRead_DeletesNothingReportsFailuresAndLeavesTheRestAfterThreeInARow()
    {
        // No ec2:DescribeSnapshotAttribute (new code before its IAM, or an SCP): nothing may be deleted unread, and the
        // operator must hear of it, not find every snapshot quietly "kept".
        await ExpiredSnapshotsAndANewerOneAsync(5);
        var before = await RemainingAsync();
        var handler = Expire(new AnswersAsEc2(new Ec2BlockStorage(Moto.Configuration())) { SharingDenied = true });

        var report = await handler.HandleAsync(new ExpireEvent(), TestContexts.Create("expire"), CancellationToken.None);

        Assert.Empty(report.Deleted);
        Assert.Equal(3, report.Failed.Count);
        Assert.All(report.Failed, f => Assert.Contains("could not read who it is shared with", f.Detail, StringComparison.Ordinal));
        Assert.Equal(2, report.Remaining.Count);
        Assert.Equal(before, await RemainingAsync());
    }

    [Fact]
    public async Task Expire_DeadlineDuringTheSharingCheck_EndsWithAReportThatLeavesTheRestForTheNextRun()
    {
        await ExpiredSnapshotsAndANewerOneAsync(3);
        using var deadline = new CancellationTokenSource();
        var handler = Expire(new AnswersAsEc2(new Ec2BlockStorage(Moto.Configuration())) { SharingHangsUntil = deadline });

        var report = await handler.HandleAsync(new ExpireEvent(), TestContexts.Create("expire"), deadline.Token);

        Assert.Empty(report.Deleted);
        Assert.Empty(report.Failed);
        Assert.Equal(3, report.Remaining.Count);
    }

    [Fact]
    public async Task Expire_SnapshotStillLocked_IsKeptAndReportedAsLockedNotAsAFailure()
    {
        // EBS snapshot lock (moto has none: the fake refuses as EC2 does) outlasting the expiry: someone extended it.
        await ExpiredSnapshotsAndANewerOneAsync(2);
        var before = await RemainingAsync();
        var handler = Expire(new AnswersAsEc2(new Ec2BlockStorage(Moto.Configuration())) { DeleteRefusedAsLocked = true });

        var report = await handler.HandleAsync(new ExpireEvent(), TestContexts.Create("expire"), CancellationToken.None);

        Assert.Empty(report.Deleted);
        Assert.Empty(report.Failed);
        Assert.Equal(2, report.Skipped.Count(s => s.Reason == ExpirySkipReason.Locked));
        Assert.Equal(before, await RemainingAsync());
    }

    [Fact]
    public async Task Expire_CopyRegionCannotBeRead_ExpiresHereAllTheSameAndReportsTheRegion()
    {
        await ExpiredSnapshotsAndANewerOneAsync(2);
        var options = new SnapshotsOptions
        {
            Tiers = new Dictionary<string, TierSettings> { ["monthly"] = new() { Name = "monthly", Retention = "1 year", CopyTo = new() { Region = "eu-west-1", Retention = "1 year" } } },
        };
        var handler = new ExpireHandler(new Ec2BlockStorage(Moto.Configuration()), new TagCatalog(), new SnsNotifier(new SnsClient(Moto.Configuration()), null),
            new TokenBucket(100, 100, TimeProvider.System), options, region: _ => new Unreachable());

        var report = await handler.HandleAsync(new ExpireEvent(), TestContexts.Create("expire"), CancellationToken.None);

        Assert.Equal(2, report.Deleted.Count);
        Assert.Contains("could not list the copies in eu-west-1", Assert.Single(report.Failed).Detail, StringComparison.Ordinal);
    }

    /// <summary>`count` expired snapshots of one volume and a newer one that has not expired (so none is its newest).</summary>
    private Task<JsonElement> ExpiredSnapshotsAndANewerOneAsync(int count) => Moto.Boto3Async($$"""
        import time
        ec2 = client("ec2")
        v = ec2.create_volume(AvailabilityZone="us-east-1a", Size=8)["VolumeId"]
        tags = [{"ResourceType": "snapshot", "Tags": [{"Key": "lifeguard:managed", "Value": "true"}, {"Key": "lifeguard:volume", "Value": v}, {"Key": "lifeguard:expires-at", "Value": "{{Past}}"}]}]
        for i in range({{count}}):
            ec2.create_snapshot(VolumeId=v, TagSpecifications=tags)
        time.sleep(1.1)
        tags[0]["Tags"][2]["Value"] = "{{Future}}"
        ec2.create_snapshot(VolumeId=v, TagSpecifications=tags)
        out(None)
        """);

    private ExpireHandler Expire(IBlockStorage ec2) => new(ec2, new TagCatalog(),
        new SnsNotifier(new SnsClient(Moto.Configuration()), null), new TokenBucket(100, 100, TimeProvider.System), new SnapshotsOptions());

    private static List<string> Ids(JsonElement report, string property) =>
        [.. report.GetProperty(property).EnumerateArray().Select(e => e.GetString()!)];

    private async Task<List<string>> RemainingAsync() =>
        [.. (await Moto.Boto3Async("""out(sorted(s["SnapshotId"] for s in client("ec2").describe_snapshots(OwnerIds=["self"])["Snapshots"]))""")).EnumerateArray().Select(e => e.GetString()!)];


    /// <summary>
    /// vol-a (exists): two expired managed snapshots, the newer stays. vol-b (exists): expired, protected, unmanaged,
    /// and a future one (its newest). vol-c (deleted): one expired, one future. An AMI's snapshot, managed and expired.
    /// </summary>
    private Task<JsonElement> BuildEstateAsync() => Moto.Boto3Async($$$"""
        import time
        ec2 = client("ec2")
        def vol():
            return ec2.create_volume(AvailabilityZone="us-east-1a", Size=8)["VolumeId"]
        def snap(v, expires, managed="true", extra=None):
            tags = [{"Key": "lifeguard:managed", "Value": managed}, {"Key": "lifeguard:volume", "Value": v}, {"Key": "lifeguard:expires-at", "Value": expires}] + [{"Key": k, "Value": x} for k, x in (extra or {}).items()]
            return ec2.create_snapshot(VolumeId=v, TagSpecifications=[{"ResourceType": "snapshot", "Tags": tags}])["SnapshotId"]
        a, b, c = vol(), vol(), vol()
        r = {"a1": snap(a, "{{{Past}}}"), "b_expired": snap(b, "{{{Past}}}"), "b_protected": snap(b, "{{{Past}}}", extra={"lifeguard:protect": "audit"}),
             "b_unmanaged": snap(b, "{{{Past}}}", managed="false"), "c_expired": snap(c, "{{{Past}}}"), "c_future": snap(c, "{{{Future}}}")}
        time.sleep(1.1)  # moto's start times have one-second resolution; these two must be the newest of their volume
        r["a2"] = snap(a, "{{{Past}}}")
        r["b_future"] = snap(b, "{{{Future}}}")
        ec2.delete_volume(VolumeId=c)
        base = snap(vol(), "{{{Future}}}")
        image = ec2.register_image(Name="app", RootDeviceName="/dev/xvda", BlockDeviceMappings=[{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": base}}])["ImageId"]
        ami_snapshot = ec2.describe_images(ImageIds=[image])["Images"][0]["BlockDeviceMappings"][0]["Ebs"]["SnapshotId"]
        ami_volume = ec2.describe_snapshots(SnapshotIds=[ami_snapshot])["Snapshots"][0]["VolumeId"]
        ec2.create_tags(Resources=[ami_snapshot], Tags=[{"Key": "lifeguard:managed", "Value": "true"}, {"Key": "lifeguard:volume", "Value": ami_volume}, {"Key": "lifeguard:expires-at", "Value": "{{{Past}}}"}])
        r["ami_snapshot"] = ami_snapshot
        out(r)
        """);

    /// <summary>A region whose EC2 refuses every call (an SCP, an outage).</summary>
    private sealed class Unreachable : IBlockStorage
    {
        private static AwsApiException Denied => new("ec2", "DescribeSnapshots", 403, "UnauthorizedOperation", "denied by a service control policy");

        public IAsyncEnumerable<Snapshot> DescribeSnapshotsAsync(DescribeRequest request, CancellationToken cancellationToken) => throw Denied;

        public IAsyncEnumerable<Volume> DescribeVolumesAsync(DescribeRequest request, CancellationToken cancellationToken) => throw Denied;

        public IAsyncEnumerable<Instance> DescribeInstancesAsync(DescribeRequest request, CancellationToken cancellationToken) => throw Denied;

        public IAsyncEnumerable<Image> DescribeImagesAsync(DescribeRequest request, CancellationToken cancellationToken) => throw Denied;

        public Task<Snapshot> CreateSnapshotAsync(CreateSnapshotRequest request, CancellationToken cancellationToken) => throw Denied;

        public Task<IReadOnlyList<Snapshot>> CreateSnapshotsAsync(CreateSnapshotsRequest request, CancellationToken cancellationToken) => throw Denied;

        public Task<IReadOnlyList<string>> DescribeSharingAsync(string snapshotId, CancellationToken cancellationToken) => throw Denied;

        public Task DeleteSnapshotAsync(string snapshotId, bool dryRun, CancellationToken cancellationToken) => throw Denied;
    }

    /// <summary>
    /// EC2 as it answers where moto differs: a snapshot made by CopySnapshot has the volume id vol-ffffffff. Also a role
    /// without ec2:DescribeSnapshotAttribute (<see cref="SharingDenied"/>), and a sharing check still waiting when the
    /// deadline fires (<see cref="SharingHangsUntil"/>: it cancels that source, then waits for the token).
    /// </summary>
    private sealed class AnswersAsEc2(IBlockStorage inner, params string[] copies) : IBlockStorage
    {
        public bool SharingDenied { get; init; }

        public bool DeleteRefusedAsLocked { get; init; }

        public CancellationTokenSource? SharingHangsUntil { get; init; }

        public IAsyncEnumerable<Snapshot> DescribeSnapshotsAsync(DescribeRequest request, CancellationToken cancellationToken) =>
            inner.DescribeSnapshotsAsync(request, cancellationToken).Select(s => copies.Contains(s.SnapshotId) ? s with { VolumeId = Snapshot.NoVolume } : s);

        public IAsyncEnumerable<Volume> DescribeVolumesAsync(DescribeRequest request, CancellationToken cancellationToken) => inner.DescribeVolumesAsync(request, cancellationToken);

        public IAsyncEnumerable<Instance> DescribeInstancesAsync(DescribeRequest request, CancellationToken cancellationToken) => inner.DescribeInstancesAsync(request, cancellationToken);

        public IAsyncEnumerable<Image> DescribeImagesAsync(DescribeRequest request, CancellationToken cancellationToken) => inner.DescribeImagesAsync(request, cancellationToken);

        public Task<Snapshot> CreateSnapshotAsync(CreateSnapshotRequest request, CancellationToken cancellationToken) => inner.CreateSnapshotAsync(request, cancellationToken);

        public Task<IReadOnlyList<Snapshot>> CreateSnapshotsAsync(CreateSnapshotsRequest request, CancellationToken cancellationToken) => inner.CreateSnapshotsAsync(request, cancellationToken);

        public async Task<IReadOnlyList<string>> DescribeSharingAsync(string snapshotId, CancellationToken cancellationToken)
        {
            if (SharingDenied)
            {
                throw new AwsApiException("ec2", "DescribeSnapshotAttribute", 403, "UnauthorizedOperation", "You are not authorized to perform this operation.");
            }

            if (SharingHangsUntil is { } deadline)
            {
                await deadline.CancelAsync();
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            }

            return await inner.DescribeSharingAsync(snapshotId, cancellationToken);
        }

        public Task DeleteSnapshotAsync(string snapshotId, bool dryRun, CancellationToken cancellationToken) => DeleteRefusedAsLocked
            ? throw new AwsApiException("ec2", "DeleteSnapshot", 400, "SnapshotLocked", $"The snapshot '{snapshotId}' is locked and can't be deleted.")
            : inner.DeleteSnapshotAsync(snapshotId, dryRun, cancellationToken);
    }
}
