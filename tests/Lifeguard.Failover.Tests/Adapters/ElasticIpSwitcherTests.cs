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
        var setup = await Moto.Boto3Async("""
            ec2 = client("ec2")
            i = ec2.run_instances(ImageId="ami-12c6146b", MinCount=2, MaxCount=2)["Instances"]
            a = ec2.allocate_address(Domain="vpc")["AllocationId"]
            ec2.associate_address(AllocationId=a, InstanceId=i[0]["InstanceId"])
            out({"allocation": a, "lb1": i[0]["InstanceId"], "lb2": i[1]["InstanceId"]})
            """);
        var allocation = setup.GetProperty("allocation").GetString()!;
        var lb2 = setup.GetProperty("lb2").GetString()!;
        var switcher = new ElasticIpSwitcher(new Ec2Client(Moto.Configuration()));

        var first = await switcher.SwitchAsync(allocation, lb2, CancellationToken.None);
        var again = await switcher.SwitchAsync(allocation, lb2, CancellationToken.None);

        Assert.Equal((SwitchResult.Switched, lb2), (first.Result, first.CurrentValue));
        Assert.Equal(SwitchResult.AlreadyDone, again.Result);
        var seen = await Moto.Boto3Async($$"""out(client("ec2").describe_addresses(AllocationIds=["{{allocation}}"])["Addresses"][0]["InstanceId"])""");
        Assert.Equal(lb2, seen.GetString());
    }
}
