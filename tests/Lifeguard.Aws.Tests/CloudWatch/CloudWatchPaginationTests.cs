using System.Net;
using System.Web;
using Lifeguard.Aws.CloudWatch;
using Lifeguard.TestSupport;

namespace Lifeguard.Aws.Tests.CloudWatch;

/// <summary>Paging and retries over answers shaped as the API reference shows them (moto answers in one page).</summary>
public sealed class CloudWatchPaginationTests : IDisposable
{
    private static readonly DateTimeOffset Base = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);
    private readonly StubHandler _handler = new();

    [Fact]
    public async Task GetMetricDataAsync_TwoPages_FollowsNextTokenAndAppendsOlderPoints()
    {
        _handler
            .Answer(HttpStatusCode.OK, """
                <GetMetricDataResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/">
                  <GetMetricDataResult>
                    <MetricDataResults>
                      <member>
                        <Id>primary</Id>
                        <Label>HealthCheckStatus</Label>
                        <Timestamps><member>2026-11-20T10:03:00Z</member><member>2026-11-20T10:02:00Z</member></Timestamps>
                        <Values><member>1.0</member><member>0.0</member></Values>
                        <StatusCode>PartialData</StatusCode>
                      </member>
                      <member>
                        <Id>secondary</Id>
                        <Label>HealthCheckStatus</Label>
                        <Timestamps><member>2026-11-20T10:03:00Z</member></Timestamps>
                        <Values><member>0.5</member></Values>
                        <StatusCode>PartialData</StatusCode>
                      </member>
                    </MetricDataResults>
                    <NextToken>eyJ0b2tlbiI6InBhZ2UtMiJ9</NextToken>
                    <Messages/>
                  </GetMetricDataResult>
                  <ResponseMetadata><RequestId>6f0d4192-4d42-11e8-82c1-f539a07e0e3b</RequestId></ResponseMetadata>
                </GetMetricDataResponse>
                """)
            .Answer(HttpStatusCode.OK, """
                <GetMetricDataResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/">
                  <GetMetricDataResult>
                    <MetricDataResults>
                      <member>
                        <Id>primary</Id>
                        <Label>HealthCheckStatus</Label>
                        <Timestamps><member>2026-11-20T10:01:00Z</member></Timestamps>
                        <Values><member>1.0</member></Values>
                        <StatusCode>Complete</StatusCode>
                      </member>
                      <member>
                        <Id>secondary</Id>
                        <Label>HealthCheckStatus</Label>
                        <Timestamps/>
                        <Values/>
                        <StatusCode>Complete</StatusCode>
                      </member>
                    </MetricDataResults>
                    <Messages/>
                  </GetMetricDataResult>
                  <ResponseMetadata><RequestId>7a1e5203-4d42-11e8-82c1-f539a07e0e3b</RequestId></ResponseMetadata>
                </GetMetricDataResponse>
                """);

        var series = await CreateSut().GetMetricDataAsync(
            [
                new MetricQuery("primary", "AWS/Route53", "HealthCheckStatus", [new("HealthCheckId", "hc-1")], 60, "Minimum"),
                new MetricQuery("secondary", "AWS/Route53", "HealthCheckStatus", [new("HealthCheckId", "hc-2")], 300, "Average"),
            ],
            Base, Base.AddMinutes(5).AddMilliseconds(250), CancellationToken.None);

        Assert.Equal([Base.AddMinutes(3), Base.AddMinutes(2), Base.AddMinutes(1)], series["primary"].Timestamps);
        Assert.Equal([1.0, 0.0, 1.0], series["primary"].Values);
        Assert.Equal([0.5], series["secondary"].Values);
        Assert.All(series.Values, s => Assert.True(s.IsComplete));

        var first = HttpUtility.ParseQueryString(_handler.Requests[0].Body);
        var second = HttpUtility.ParseQueryString(_handler.Requests[1].Body);
        Assert.Equal("GetMetricData", first["Action"]);
        Assert.Equal("2010-08-01", first["Version"]);
        Assert.Equal("secondary", first["MetricDataQueries.member.2.Id"]);
        Assert.Equal("AWS/Route53", first["MetricDataQueries.member.2.MetricStat.Metric.Namespace"]);
        Assert.Equal("HealthCheckStatus", first["MetricDataQueries.member.2.MetricStat.Metric.MetricName"]);
        Assert.Equal("HealthCheckId", first["MetricDataQueries.member.2.MetricStat.Metric.Dimensions.member.1.Name"]);
        Assert.Equal("hc-2", first["MetricDataQueries.member.2.MetricStat.Metric.Dimensions.member.1.Value"]);
        Assert.Equal("300", first["MetricDataQueries.member.2.MetricStat.Period"]);
        Assert.Equal("Average", first["MetricDataQueries.member.2.MetricStat.Stat"]);
        Assert.Equal("true", first["MetricDataQueries.member.2.ReturnData"]);
        Assert.Equal("2026-11-20T10:00:00Z", first["StartTime"]);
        Assert.Equal("2026-11-20T10:05:00.25Z", first["EndTime"]);
        Assert.Equal("TimestampDescending", first["ScanBy"]);
        Assert.Null(first["NextToken"]);
        Assert.Equal("eyJ0b2tlbiI6InBhZ2UtMiJ9", second["NextToken"]);
        Assert.Equal("hc-1", second["MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Value"]);
        Assert.Equal("https://monitoring.us-east-1.amazonaws.com/", _handler.Requests[0].Request.RequestUri!.ToString());
        Assert.Contains("/us-east-1/monitoring/aws4_request", _handler.Requests[0].Request.Headers.GetValues("Authorization").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetMetricDataAsync_ServerError_IsRetriedAsARead()
    {
        _handler
            .Answer(HttpStatusCode.InternalServerError, """
                <ErrorResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/">
                  <Error><Type>Receiver</Type><Code>InternalServiceError</Code><Message>Internal service error</Message></Error>
                  <RequestId>8b2f6314-4d42-11e8-82c1-f539a07e0e3b</RequestId>
                </ErrorResponse>
                """)
            .Answer(HttpStatusCode.OK, """
                <GetMetricDataResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/">
                  <GetMetricDataResult>
                    <MetricDataResults>
                      <member><Id>primary</Id><Timestamps/><Values/><StatusCode>Complete</StatusCode></member>
                    </MetricDataResults>
                  </GetMetricDataResult>
                </GetMetricDataResponse>
                """);

        var series = await CreateSut().GetMetricDataAsync(
            [new MetricQuery("primary", "AWS/Route53", "HealthCheckStatus", [], 60, "Minimum")], Base, Base.AddMinutes(5), CancellationToken.None);

        Assert.Empty(series["primary"].Values);
        Assert.Equal(2, _handler.Requests.Count);
    }

    [Fact]
    public async Task GetMetricDataAsync_MoreValuesThanTimestamps_FailsAsFormat()
    {
        _handler.Answer(HttpStatusCode.OK, """
            <GetMetricDataResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/">
              <GetMetricDataResult>
                <MetricDataResults>
                  <member><Id>primary</Id><Timestamps><member>2026-11-20T10:01:00Z</member></Timestamps><Values><member>1.0</member><member>0.0</member></Values></member>
                </MetricDataResults>
              </GetMetricDataResult>
            </GetMetricDataResponse>
            """);

        await Assert.ThrowsAsync<FormatException>(() => CreateSut().GetMetricDataAsync(
            [new MetricQuery("primary", "AWS/Route53", "HealthCheckStatus", [], 60, "Minimum")], Base, Base.AddMinutes(5), CancellationToken.None));
    }

    public void Dispose() => _handler.Dispose();

    private CloudWatchClient CreateSut() => new(_handler.Configuration());
}
