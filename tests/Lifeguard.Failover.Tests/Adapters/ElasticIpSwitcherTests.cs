using Lifeguard.Aws.Ec2;
using Lifeguard.Failover.Adapters;
using Lifeguard.TestSupport;

namespace Lifeguard.Failover.Tests.Adapters;

[Trait("Category", "Integration")]
public sealed class ElasticIpSwitcherTests(MotoFixture moto) : MotoTest(moto)
{
    [Fact]
    public async Task SwitchAsync_AddressOnTheDeadInstance_MovesItAndChecks()
    {
        var (allocation, _, lb2) = await Moto.ElasticIpOnFirstOfTwoAsync();
        var switcher = new ElasticIpSwitcher(new Ec2Client(Moto.Configuration()));

        var first = await switcher.SwitchAsync(allocation, lb2, CancellationToken.None);
        var again = await switcher.SwitchAsync(allocation, lb2, CancellationToken.None);

        Assert.Equal((SwitchResult.Switched, lb2), (first.Result, first.CurrentValue));
        Assert.Equal(SwitchResult.AlreadyDone, again.Result);
        var seen = await Moto.Boto3Async($$"""out(client("ec2").describe_addresses(AllocationIds=["{{allocation}}"])["Addresses"][0]["InstanceId"])""");
        Assert.Equal(lb2, seen.GetString());
    }
}
