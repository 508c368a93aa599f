using System.Net;
using System.Web;
using Lifeguard.Aws.Ec2;
using Lifeguard.Aws.Route53;

namespace Lifeguard.Aws.Tests.Ec2;

/// <summary>
/// Paging over answers shaped as the API references show them (moto answers Describe* in one page, so the
/// NextToken loop is checked here).
/// </summary>
public sealed class Ec2PaginationTests : IDisposable
{
    private readonly StubHandler _handler = new();

    [Fact]
    public async Task DescribeSnapshotsAsync_ThreePages_SendsEachTokenBackAndYieldsEverySnapshot()
    {
        _handler
            .Answer(HttpStatusCode.OK, SnapshotPage("t1", "snap-1", "snap-2"))
            .Answer(HttpStatusCode.OK, SnapshotPage("t2", "snap-3"))
            .Answer(HttpStatusCode.OK, SnapshotPage(null, "snap-4"));

        var snapshots = await new Ec2Client(_handler.Configuration())
            .DescribeSnapshotsAsync(new DescribeRequest { Owners = ["self"], Filters = [new Ec2Filter("tag:lifeguard:managed", "true")], MaxResults = 2 }, CancellationToken.None)
            .ToListAsync();

        Assert.Equal(["snap-1", "snap-2", "snap-3", "snap-4"], snapshots.Select(s => s.SnapshotId));
        var forms = _handler.Requests.Select(r => HttpUtility.ParseQueryString(r.Body)).ToList();
        Assert.Equal([null, "t1", "t2"], forms.Select(f => f["NextToken"]));
        Assert.All(forms, f =>
        {
            Assert.Equal("2", f["MaxResults"]);
            Assert.Equal("self", f["Owner.1"]);
            Assert.Equal("tag:lifeguard:managed", f["Filter.1.Name"]);
            Assert.Equal("true", f["Filter.1.Value.1"]);
        });
        Assert.Equal("completed", snapshots[0].State);
        Assert.Equal("daily", snapshots[0].Tag("lifeguard:tier"));
    }

    [Fact]
    public async Task ListResourceRecordSetsAsync_TruncatedAnswer_ContinuesFromNextRecordNameAndType()
    {
        _handler
            .Answer(HttpStatusCode.OK, """
                <?xml version="1.0" encoding="UTF-8"?>
                <ListResourceRecordSetsResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/">
                  <ResourceRecordSets>
                    <ResourceRecordSet><Name>a.example.com.</Name><Type>A</Type><TTL>60</TTL><ResourceRecords><ResourceRecord><Value>192.0.2.1</Value></ResourceRecord></ResourceRecords></ResourceRecordSet>
                  </ResourceRecordSets>
                  <IsTruncated>true</IsTruncated>
                  <NextRecordName>lb.example.com.</NextRecordName>
                  <NextRecordType>A</NextRecordType>
                  <MaxItems>1</MaxItems>
                </ListResourceRecordSetsResponse>
                """)
            .Answer(HttpStatusCode.OK, """
                <?xml version="1.0" encoding="UTF-8"?>
                <ListResourceRecordSetsResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/">
                  <ResourceRecordSets>
                    <ResourceRecordSet><Name>lb.example.com.</Name><Type>A</Type><AliasTarget><HostedZoneId>Z2FDTNDATAQYW2</HostedZoneId><DNSName>d111.cloudfront.net.</DNSName><EvaluateTargetHealth>false</EvaluateTargetHealth></AliasTarget></ResourceRecordSet>
                  </ResourceRecordSets>
                  <IsTruncated>false</IsTruncated>
                  <MaxItems>1</MaxItems>
                </ListResourceRecordSetsResponse>
                """);

        var sets = await new Route53Client(_handler.Configuration()).ListResourceRecordSetsAsync("/hostedzone/Z1D633PJN98FT9", null, null, CancellationToken.None).ToListAsync();

        Assert.Equal(["a.example.com.", "lb.example.com."], sets.Select(s => s.Name));
        Assert.Equal("d111.cloudfront.net.", sets[1].AliasTarget!.DnsName);
        Assert.Equal("https://route53.amazonaws.com/2013-04-01/hostedzone/Z1D633PJN98FT9/rrset", _handler.Requests[0].Request.RequestUri!.AbsoluteUri);
        Assert.Equal("?name=lb.example.com.&type=A", _handler.Requests[1].Request.RequestUri!.Query);
    }

    public void Dispose() => _handler.Dispose();

    private static string SnapshotPage(string? nextToken, params string[] ids) => $"""
        <DescribeSnapshotsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
          <requestId>59dbff89-35bd-4eac-99ed-be587EXAMPLE</requestId>
          <snapshotSet>
            {string.Concat(ids.Select(id => $"""
              <item>
                <snapshotId>{id}</snapshotId>
                <volumeId>vol-1234567890abcdef0</volumeId>
                <status>completed</status>
                <startTime>2026-11-21T03:00:00.000Z</startTime>
                <progress>100%</progress>
                <ownerId>123456789012</ownerId>
                <volumeSize>8</volumeSize>
                <description>Daily Backup</description>
                <encrypted>true</encrypted>
                <tagSet><item><key>lifeguard:tier</key><value>daily</value></item></tagSet>
              </item>
              """))}
          </snapshotSet>
          {(nextToken is null ? string.Empty : $"<nextToken>{nextToken}</nextToken>")}
        </DescribeSnapshotsResponse>
        """;
}
