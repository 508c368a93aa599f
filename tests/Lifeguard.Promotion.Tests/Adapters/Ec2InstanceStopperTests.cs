using Lifeguard.Aws;
using Lifeguard.Promotion.Adapters;
using Lifeguard.TestSupport;

namespace Lifeguard.Promotion.Tests.Adapters;

/// <summary>The old master's instance stopped through AWSSDK.EC2, against moto.</summary>
[Trait("Category", "Integration")]
public sealed class Ec2InstanceStopperTests(MotoFixture moto) : MotoTest(moto)
{
    [Fact]
    public async Task StopAsync_RunningInstance_ReportsItStopping()
    {
        var instanceId = (await Moto.Boto3Async("""out(client("ec2").run_instances(ImageId="ami-12c6146b", MinCount=1, MaxCount=1)["Instances"][0]["InstanceId"])""")).GetString()!;

        var state = await CreateSut().StopAsync(instanceId, CancellationToken.None);

        Assert.Contains(state, new[] { "stopping", "stopped" });
        var seen = await Moto.Boto3Async($$"""out(client("ec2").describe_instances(InstanceIds=["{{instanceId}}"])["Reservations"][0]["Instances"][0]["State"]["Name"])""");
        Assert.Contains(seen.GetString(), new[] { "stopping", "stopped" });
    }

    [Fact]
    public async Task StopAsync_NoSuchInstance_FailsWithTheServiceErrorCode()
    {
        var ex = await Assert.ThrowsAsync<AwsApiException>(() => CreateSut().StopAsync("i-0123456789abcdef0", CancellationToken.None));

        Assert.Equal("InvalidInstanceID.NotFound", ex.ErrorCode);
        Assert.Equal("StopInstances", ex.Operation);
    }

    private Ec2InstanceStopper CreateSut() => new(Moto.Configuration());
}
