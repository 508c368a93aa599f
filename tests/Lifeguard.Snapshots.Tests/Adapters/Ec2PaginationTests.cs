using System.Net;
using System.Web;
using Amazon.EC2;
using Lifeguard.Aws.Endpoints;
using Lifeguard.Aws.Sdk;
using Lifeguard.Snapshots.Adapters;
using Lifeguard.TestSupport;

namespace Lifeguard.Snapshots.Tests.Adapters;

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

        var aws = _handler.Configuration();
        var config = aws.For<AmazonEC2Config>(AwsService.Ec2);
        config.HttpClientFactory = _handler.SdkFactory();
        using var client = new AmazonEC2Client(aws.Credentials, config);
        var snapshots = await new Ec2BlockStorage(aws, client, client)
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
