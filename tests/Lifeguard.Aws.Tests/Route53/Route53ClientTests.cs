using Lifeguard.TestSupport;
using Lifeguard.Aws.Route53;

namespace Lifeguard.Aws.Tests.Route53;

[Trait("Category", "Integration")]
public sealed class Route53ClientTests(MotoFixture moto) : MotoTest(moto)
{
    [Fact]
    public async Task ChangeResourceRecordSetsAsync_CompareAndSwap_MovesTheRecordOnlyOnce()
    {
        var zone = await CreateZoneWithRecordAsync("lb.example.com.", "192.0.2.1");
        var client = new Route53Client(Moto.Configuration());
        RecordChange[] swap =
        [
            new(ChangeAction.Delete, new ResourceRecordSet("lb.example.com.", "A", 60, ["192.0.2.1"])),
            new(ChangeAction.Create, new ResourceRecordSet("lb.example.com.", "A", 60, ["192.0.2.2"])),
        ];

        var change = await client.ChangeResourceRecordSetsAsync(zone, swap, "lifeguard: lb1 down", CancellationToken.None);
        var second = await Assert.ThrowsAsync<AwsApiException>(() => client.ChangeResourceRecordSetsAsync(zone, swap, null, CancellationToken.None));

        Assert.False(string.IsNullOrEmpty(change.Id));
        Assert.Equal("InvalidChangeBatch", second.ErrorCode);
        var values = await Moto.Boto3Async($$"""
            sets = client("route53").list_resource_record_sets(HostedZoneId="{{zone}}", StartRecordName="lb.example.com.", StartRecordType="A")["ResourceRecordSets"]
            out([r["Value"] for s in sets if s["Name"] == "lb.example.com." and s["Type"] == "A" for r in s["ResourceRecords"]])
            """);
        Assert.Equal(["192.0.2.2"], values.EnumerateArray().Select(v => v.GetString()));
        var info = await client.GetChangeAsync(change.Id, CancellationToken.None);
        Assert.Contains(info.Status, new[] { "PENDING", "INSYNC" });
    }

    [Fact]
    public async Task ListResourceRecordSetsAsync_ManyRecords_ReturnsEveryRecord()
    {
        var zone = (await Moto.Boto3Async("""
            r53 = client("route53")
            zone = r53.create_hosted_zone(Name="example.com", CallerReference="test")["HostedZone"]["Id"]
            changes = [{"Action": "CREATE", "ResourceRecordSet": {"Name": f"host{i:03}.example.com.", "Type": "A", "TTL": 60, "ResourceRecords": [{"Value": f"192.0.2.{i}"}]}} for i in range(1, 251)]
            r53.change_resource_record_sets(HostedZoneId=zone, ChangeBatch={"Changes": changes})
            out(zone)
            """)).GetString()!;

        var sets = await new Route53Client(Moto.Configuration()).ListResourceRecordSetsAsync(zone, null, null, CancellationToken.None).ToListAsync();

        Assert.Equal(250, sets.Count(s => s.Type == "A"));
        Assert.Equal(sets.Count, sets.Select(s => (s.Name, s.Type)).Distinct().Count());
        Assert.Contains(sets, s => s.Type == "SOA");
        Assert.Equal(["192.0.2.250"], sets.Single(s => s.Name == "host250.example.com.").Values);
    }

    [Fact]
    public async Task ListResourceRecordSetsAsync_RecordWrittenByBoto3_ReadsNameTypeTtlAndValues()
    {
        var zone = await CreateZoneWithRecordAsync("db-master.example.com.", "10.0.0.5");

        var set = await new Route53Client(Moto.Configuration())
            .ListResourceRecordSetsAsync(zone, "db-master.example.com.", "A", CancellationToken.None).FirstAsync();

        Assert.Equal(("db-master.example.com.", "A", (long?)60), (set.Name, set.Type, set.Ttl));
        Assert.Equal(["10.0.0.5"], set.Values);
    }

    private async Task<string> CreateZoneWithRecordAsync(string name, string value) => (await Moto.Boto3Async($$$"""
        r53 = client("route53")
        zone = r53.create_hosted_zone(Name="example.com", CallerReference="{{{Guid.NewGuid()}}}")["HostedZone"]["Id"]
        record = {"Name": "{{{name}}}", "Type": "A", "TTL": 60, "ResourceRecords": [{"Value": "{{{value}}}"}]}
        r53.change_resource_record_sets(HostedZoneId=zone, ChangeBatch={"Changes": [{"Action": "CREATE", "ResourceRecordSet": record}]})
        out(zone)
        """)).GetString()!;
}
