using System.Net;
using Lifeguard.Aws.Route53;
using Lifeguard.TestSupport;

namespace Lifeguard.Aws.Tests.Route53;

/// <summary>Paging over answers shaped as the API reference shows them (moto answers in one page).</summary>
public sealed class Route53PaginationTests : IDisposable
{
    private readonly StubHandler _handler = new();

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
}
