using Lifeguard.TestSupport;
using Lifeguard.Aws.SimpleDb;

namespace Lifeguard.Aws.Tests.SimpleDb;

[Trait("Category", "Integration")]
public sealed class SimpleDbMotoTests(MotoFixture moto) : MotoTest(moto)
{
    [Fact]
    public async Task PutAttributesAsync_NewItem_Boto3ReadsTheAttributes()
    {
        var client = new SimpleDbClient(Moto.Configuration());
        await client.CreateDomainAsync("snapshot", CancellationToken.None);

        await client.PutAttributesAsync("snapshot", "snap-0123",
            [new("volume", "vol-1", Replace: true), new("tier", "daily", Replace: true), new("expires", "2026-11-28T03:00:00Z", Replace: true)],
            [], CancellationToken.None);

        var seen = await Moto.Boto3Async("""
            sdb = client("sdb")
            out({"domains": sdb.list_domains().get("DomainNames", []), "attributes": {a["Name"]: a["Value"] for a in sdb.get_attributes(DomainName="snapshot", ItemName="snap-0123")["Attributes"]}})
            """);
        Assert.Equal(["snapshot"], seen.GetProperty("domains").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal("vol-1", seen.GetProperty("attributes").GetProperty("volume").GetString());
        Assert.Equal("2026-11-28T03:00:00Z", seen.GetProperty("attributes").GetProperty("expires").GetString());
    }
}
