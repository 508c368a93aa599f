using Lifeguard.Aws;
using Lifeguard.Aws.Http;
using Lifeguard.Snapshots.Adapters;
using Lifeguard.TestSupport;

namespace Lifeguard.Snapshots.Tests.Adapters;

/// <summary>
/// The SDK's retries and ours through a proxy that throttles, fails, stalls and drops connections in front of moto:
/// idempotent calls are retried by the SDK; CreateSnapshot, which has no client token, is sent again only when EC2
/// surely did not act.
/// </summary>
[Trait("Category", "Integration")]
public sealed class Ec2BlockStorageFaultTests(MotoFixture moto) : MotoTest(moto)
{
    private static readonly RetryOptions FastRetries = new()
    {
        MaxAttempts = 4,
        BaseDelay = TimeSpan.FromMilliseconds(10),
        MaxDelay = TimeSpan.FromMilliseconds(50),
        // Under the fault proxy's 10 s slow answer, and well over what moto takes on a loaded 2-core machine.
        AttemptTimeout = TimeSpan.FromSeconds(5),
    };

    private FaultProxy _proxy = null!;
    private string _volumeId = string.Empty;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _proxy = await FaultProxy.StartAsync(Moto.Endpoint);
        _volumeId = (await Moto.Boto3Async("""out(client("ec2").create_volume(AvailabilityZone="us-east-1a", Size=8)["VolumeId"])""")).GetString()!;
    }

    public override async Task DisposeAsync() => await _proxy.DisposeAsync();

    [Theory]
    [InlineData(Fault.Throttle, Fault.Throttle)]
    [InlineData(Fault.ServerError, Fault.ServerError)]
    [InlineData(Fault.Slow, Fault.Drop)]
    [InlineData(Fault.DropAfterForward, Fault.Throttle)]
    [InlineData(Fault.SlowBody, Fault.Throttle)]
    public async Task DescribeVolumes_TransientFaultsWithinTheBudget_Succeeds(Fault first, Fault second)
    {
        _proxy.Then(first, second);

        var volumes = await CreateSut().DescribeVolumesAsync(new DescribeRequest(), CancellationToken.None).ToListAsync();

        Assert.Equal(_volumeId, Assert.Single(volumes).VolumeId);
        Assert.Equal(3, _proxy.Received);
    }

    [Fact]
    public async Task CreateSnapshot_Throttled_IsRetriedCountedAndCreatesExactlyOne()
    {
        _proxy.Then(Fault.Throttle, Fault.Throttle, Fault.ServerError);
        var configuration = Moto.Configuration(endpoint: _proxy.Endpoint) with { Retry = FastRetries };

        await new Ec2BlockStorage(configuration).DescribeVolumesAsync(new DescribeRequest(), CancellationToken.None).ToListAsync();
        Assert.Equal(2, configuration.Statistics.Throttled);
        _proxy.Then(Fault.Throttle, Fault.Throttle);
        var forwardedBefore = _proxy.Forwarded;

        await new Ec2BlockStorage(configuration).CreateSnapshotAsync(new CreateSnapshotRequest(_volumeId), CancellationToken.None);

        Assert.Equal(forwardedBefore + 1, _proxy.Forwarded);
        Assert.Equal(1, await SnapshotCountAsync());
        Assert.Equal(4, configuration.Statistics.Throttled);
        Assert.Equal(2, configuration.Statistics.Retried);
    }

    [Fact]
    public async Task CreateSnapshot_ConnectionDroppedAfterItTookEffect_IsNotSentAgain()
    {
        _proxy.Then(Fault.DropAfterForward);
        var ex = await Assert.ThrowsAsync<AwsApiException>(() => CreateSut().CreateSnapshotAsync(new CreateSnapshotRequest(_volumeId), CancellationToken.None));

        Assert.True(ex.MayHaveTakenEffect);
        Assert.Equal(AwsApiException.TransportErrorCode, ex.ErrorCode);
        Assert.Equal(1, _proxy.Received);
        Assert.Equal(1, await SnapshotCountAsync());
    }

    [Fact]
    public async Task CreateSnapshot_ServerError_IsNotRetriedAndSaysItMayHaveTakenEffect()
    {
        _proxy.Then(Fault.ServerError);

        var ex = await Assert.ThrowsAsync<AwsApiException>(() => CreateSut().CreateSnapshotAsync(new CreateSnapshotRequest(_volumeId), CancellationToken.None));

        Assert.True(ex.MayHaveTakenEffect);
        Assert.Equal("InternalError", ex.ErrorCode);
        Assert.Equal(1, _proxy.Received);
    }

    [Fact]
    public async Task CreateSnapshot_SlowAnswer_TimesOutWithoutSendingItTwice()
    {
        _proxy.Then(Fault.Slow);

        var ex = await Assert.ThrowsAsync<AwsApiException>(() => CreateSut().CreateSnapshotAsync(new CreateSnapshotRequest(_volumeId), CancellationToken.None));

        Assert.Equal(AwsApiException.TimeoutErrorCode, ex.ErrorCode);
        Assert.True(ex.MayHaveTakenEffect);
        Assert.Equal(1, _proxy.Received);
        Assert.Equal(1, await SnapshotCountAsync());
    }

    [Fact]
    public async Task DescribeVolumes_ThrottledBeyondTheBudget_FailsWithTheThrottlingError()
    {
        _proxy.Otherwise = Fault.Throttle;

        var ex = await Assert.ThrowsAsync<AwsApiException>(() => CreateSut().DescribeVolumesAsync(new DescribeRequest(), CancellationToken.None).ToListAsync().AsTask());

        Assert.True(ex.IsThrottling);
        Assert.Equal("RequestLimitExceeded", ex.ErrorCode);
        Assert.Equal(4, _proxy.Received);
    }

    [Fact]
    public async Task DescribeVolumes_DeadlineArrivesWhileRetrying_StopsAsCancelled()
    {
        _proxy.Otherwise = Fault.ServerError;
        var configuration = Moto.Configuration(() => 1, _proxy.Endpoint) with
        {
            Retry = FastRetries with { MaxAttempts = 50, BaseDelay = TimeSpan.FromMilliseconds(200), MaxDelay = TimeSpan.FromMilliseconds(200) },
        };
        using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(700));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new Ec2BlockStorage(configuration).DescribeVolumesAsync(new DescribeRequest(), deadline.Token).ToListAsync().AsTask());

        // Stopped by the deadline, not by running out of attempts: 50 attempts 200 ms apart would take 10 s. (Not a
        // tighter count: how many fit in 700 ms depends on the machine's load.)
        Assert.InRange(_proxy.Received, 1, 20);
    }

    [Fact]
    public async Task CreateSnapshot_ConnectionRefused_IsRetriedBecauseItNeverLeft()
    {
        var closed = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var configuration = Moto.Configuration(endpoint: closed) with { Retry = FastRetries };

        var ex = await Assert.ThrowsAsync<AwsApiException>(() => new Ec2BlockStorage(configuration).CreateSnapshotAsync(new CreateSnapshotRequest(_volumeId), CancellationToken.None));

        Assert.Equal(AwsApiException.TransportErrorCode, ex.ErrorCode);
        Assert.False(ex.MayHaveTakenEffect);
        Assert.Contains("gave up after 4 attempts", ex.Message, StringComparison.Ordinal);
    }

    private Ec2BlockStorage CreateSut() => new(Moto.Configuration(endpoint: _proxy.Endpoint) with { Retry = FastRetries });

    private async Task<int> SnapshotCountAsync() =>
        (await Moto.Boto3Async($$"""out(len(client("ec2").describe_snapshots(Filters=[{"Name": "volume-id", "Values": ["{{_volumeId}}"]}])["Snapshots"]))""")).GetInt32();
}
