using Lifeguard.TestSupport;
using System.Net;
using System.Web;
using Lifeguard.Aws.SimpleDb;

namespace Lifeguard.Aws.Tests.SimpleDb;

/// <summary>
/// Select and DeleteAttributes against the response documents of the SimpleDB API reference (moto has neither);
/// CreateDomain and PutAttributes against moto in <see cref="SimpleDbMotoTests"/>.
/// </summary>
public sealed class SimpleDbClientTests : IDisposable
{
    private readonly StubHandler _handler = new();

    [Fact]
    public async Task SelectAsync_TwoPages_FollowsNextTokenAndReadsRepeatedAttributes()
    {
        _handler
            .Answer(HttpStatusCode.OK, """
                <SelectResponse xmlns="http://sdb.amazonaws.com/doc/2009-04-15/">
                  <SelectResult>
                    <Item>
                      <Name>Item_03</Name>
                      <Attribute><Name>Category</Name><Value>Clothes</Value></Attribute>
                      <Attribute><Name>Color</Name><Value>Blue</Value></Attribute>
                      <Attribute><Name>Color</Name><Value>Yellow</Value></Attribute>
                    </Item>
                    <NextToken>rO0ABXNyACdjb20uYW1hem9uLnNkcy5RdWVyeVByb2Nlc3Nvci5Nb3JlVG9rZW7racXLnINNqwMA</NextToken>
                  </SelectResult>
                  <ResponseMetadata><RequestId>b1e8f1f7-42e9-494c-ad09-2674e557526d</RequestId><BoxUsage>0.0000219907</BoxUsage></ResponseMetadata>
                </SelectResponse>
                """)
            .Answer(HttpStatusCode.OK, """
                <SelectResponse xmlns="http://sdb.amazonaws.com/doc/2009-04-15/">
                  <SelectResult>
                    <Item>
                      <Name>Item_06</Name>
                      <Attribute><Name>Category</Name><Value>Motorcycle Parts</Value></Attribute>
                    </Item>
                  </SelectResult>
                  <ResponseMetadata><RequestId>c1e8f1f7-42e9-494c-ad09-2674e557526d</RequestId><BoxUsage>0.0000219907</BoxUsage></ResponseMetadata>
                </SelectResponse>
                """);

        var items = await CreateSut().SelectAsync("select * from `snapshot` where expires < '2026-11-21T03:00:00Z'", consistentRead: true, CancellationToken.None).ToListAsync();

        Assert.Equal(["Item_03", "Item_06"], items.Select(i => i.Name));
        Assert.Equal(["Blue", "Yellow"], items[0].Attributes.Where(a => a.Name == "Color").Select(a => a.Value));
        var first = HttpUtility.ParseQueryString(_handler.Requests[0].Body);
        var second = HttpUtility.ParseQueryString(_handler.Requests[1].Body);
        Assert.Equal("Select", first["Action"]);
        Assert.Equal("true", first["ConsistentRead"]);
        Assert.Equal("2", first["SignatureVersion"]);
        Assert.NotNull(first["Signature"]);
        Assert.Null(first["NextToken"]);
        Assert.Equal("rO0ABXNyACdjb20uYW1hem9uLnNkcy5RdWVyeVByb2Nlc3Nvci5Nb3JlVG9rZW7racXLnINNqwMA", second["NextToken"]);
        Assert.Equal("https://sdb.amazonaws.com/", _handler.Requests[0].Request.RequestUri!.ToString());
    }

    [Fact]
    public async Task DeleteAttributesAsync_WithCondition_SendsTheParametersAndReadsTheAnswer()
    {
        _handler.Answer(HttpStatusCode.OK, """
            <DeleteAttributesResponse xmlns="http://sdb.amazonaws.com/doc/2009-04-15/">
              <ResponseMetadata><RequestId>05ae667c-cfac-41a8-ab37-a9c897c4c3ca</RequestId><BoxUsage>0.0000219907</BoxUsage></ResponseMetadata>
            </DeleteAttributesResponse>
            """);

        await CreateSut().DeleteAttributesAsync("snapshot", "snap-0123", [], [new SimpleDbCondition("volume", "vol-1")], CancellationToken.None);

        var form = HttpUtility.ParseQueryString(_handler.Requests.Single().Body);
        Assert.Equal("DeleteAttributes", form["Action"]);
        Assert.Equal("snapshot", form["DomainName"]);
        Assert.Equal("snap-0123", form["ItemName"]);
        Assert.Equal("volume", form["Expected.1.Name"]);
        Assert.Equal("vol-1", form["Expected.1.Value"]);
        Assert.Null(form["Attribute.1.Name"]);
    }

    [Fact]
    public async Task DeleteAttributesAsync_FailedCondition_IsTheServiceErrorNotRetried()
    {
        _handler.Answer(HttpStatusCode.Conflict, """
            <?xml version="1.0"?>
            <Response><Errors><Error><Code>ConditionalCheckFailed</Code><Message>Conditional check failed. Attribute (volume) value is (vol-2) but was expected (vol-1)</Message><BoxUsage>0.0000219907</BoxUsage></Error></Errors><RequestID>9bdb2a48-d1ac-c1ba-0d5c-62d1b1e7e4b3</RequestID></Response>
            """);

        var ex = await Assert.ThrowsAsync<AwsApiException>(() =>
            CreateSut().DeleteAttributesAsync("snapshot", "snap-0123", [], [new SimpleDbCondition("volume", "vol-1")], CancellationToken.None));

        Assert.Equal("ConditionalCheckFailed", ex.ErrorCode);
        Assert.Equal("9bdb2a48-d1ac-c1ba-0d5c-62d1b1e7e4b3", ex.RequestId);
        Assert.Single(_handler.Requests);
    }

    public void Dispose() => _handler.Dispose();

    private SimpleDbClient CreateSut() => new(_handler.Configuration());
}
