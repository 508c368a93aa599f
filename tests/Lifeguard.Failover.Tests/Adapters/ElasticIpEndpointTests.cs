using Lifeguard.Aws.Route53;
using Lifeguard.Failover;
using Lifeguard.Failover.Adapters;
using Lifeguard.Failover.Configuration;
using Lifeguard.TestSupport;

namespace Lifeguard.Failover.Tests.Adapters;

[Trait("Category", "Integration")]
public sealed class ElasticIpEndpointTests(MotoFixture moto) : MotoTest(moto)
{
    [Fact]
    public async Task SwitchAsync_AddressOnTheDeadInstance_MovesItAndChecks()
    {
        var (allocation, lb1, lb2) = await Moto.ElasticIpOnFirstOfTwoAsync();
        var endpoint = CreateSut(allocation);

        var first = await endpoint.SwitchAsync(lb1, lb2, CancellationToken.None);
        var again = await endpoint.SwitchAsync(lb1, lb2, CancellationToken.None);

        Assert.Equal((SwitchResult.Switched, lb2), (first.Result, first.CurrentValue));
        Assert.Equal(SwitchResult.AlreadyDone, again.Result);
        var seen = await Moto.Boto3Async($$"""out(client("ec2").describe_addresses(AllocationIds=["{{allocation}}"])["Addresses"][0]["InstanceId"])""");
        Assert.Equal(lb2, seen.GetString());
    }

    [Fact]
    public async Task SwitchAsync_AddressMovedElsewhereSinceItWasRead_ChangesNothing()
    {
        var (allocation, _, lb2) = await Moto.ElasticIpOnFirstOfTwoAsync();

        var outcome = await CreateSut(allocation).SwitchAsync("i-0123456789abcdef0", lb2, CancellationToken.None);

        Assert.Equal(SwitchResult.Conflict, outcome.Result);
        Assert.NotEqual(lb2, await CreateSut(allocation).ReadAsync(CancellationToken.None));
    }

    [Fact]
    public async Task SaveStateAsync_ThenLoad_RoundTripsThroughTagsOnTheAddress()
    {
        var (allocation, _, _) = await Moto.ElasticIpOnFirstOfTwoAsync();
        var endpoint = CreateSut(allocation);

        await endpoint.SaveStateAsync(new Dictionary<string, string> { ["health:lb1"] = "down 3 0 1795230000", ["last-switch"] = "1795230000" }, CancellationToken.None);

        Assert.Equal("down 3 0 1795230000", (await endpoint.LoadStateAsync(CancellationToken.None))["health:lb1"]);
        var tag = await Moto.Boto3Async($$"""out({t["Key"]: t["Value"] for t in client("ec2").describe_addresses(AllocationIds=["{{allocation}}"])["Addresses"][0]["Tags"]}["lifeguard:last-switch"])""");
        Assert.Equal("1795230000", tag.GetString());
    }

    [Fact]
    public async Task SaveStateAsync_KeyClearedFromTheState_IsRemovedFromTheAddressAndOtherTagsStay()
    {
        var (allocation, _, _) = await Moto.ElasticIpOnFirstOfTwoAsync();
        await Moto.Boto3Async($$"""client("ec2").create_tags(Resources=["{{allocation}}"], Tags=[{"Key": "Name", "Value": "web"}]); out(None)""");
        var endpoint = CreateSut(allocation);
        await endpoint.SaveStateAsync(new Dictionary<string, string> { ["health:lb1"] = "down 3 0 1795230000", ["all-down-since"] = "1795230000" }, CancellationToken.None);

        // The recovery: all-down-since is no longer in the state.
        await endpoint.SaveStateAsync(new Dictionary<string, string> { ["health:lb1"] = "up 0 3 1795230060" }, CancellationToken.None);

        Assert.Equal(["health:lb1"], (await endpoint.LoadStateAsync(CancellationToken.None)).Keys);
        var name = await Moto.Boto3Async($$"""out({t["Key"]: t["Value"] for t in client("ec2").describe_addresses(AllocationIds=["{{allocation}}"])["Addresses"][0]["Tags"]}.get("Name"))""");
        Assert.Equal("web", name.GetString());
    }

    private ElasticIpEndpoint CreateSut(string allocation) =>
        new(FailoverComposition.Ec2(Moto.Configuration()), new ElasticIpConfig { AllocationId = allocation }, byInterface: false);
}
