using Lifeguard.Aws.CloudWatch;
using Lifeguard.TestSupport;

namespace Lifeguard.Aws.Tests.CloudWatch;

[Trait("Category", "Integration")]
public sealed class CloudWatchClientTests(MotoFixture moto) : MotoTest(moto)
{
    private static readonly DateTimeOffset Base = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task GetMetricDataAsync_HealthCheckStatusPerMinute_NewestFirst()
    {
        await PutHealthCheckStatusAsync("hc-primary", [1, 1, 0, 1]);
        await PutHealthCheckStatusAsync("hc-other", [0, 0, 0, 0]);

        var series = await CreateSut().GetMetricDataAsync(
            [HealthCheckQuery("primary", "hc-primary")], Base.AddMinutes(-5), Base.AddMinutes(10), CancellationToken.None);

        var primary = Assert.Single(series).Value;
        Assert.Equal("primary", primary.Id);
        Assert.True(primary.IsComplete);
        Assert.Equal([Base.AddMinutes(3), Base.AddMinutes(2), Base.AddMinutes(1), Base], primary.Timestamps);
        Assert.Equal([1.0, 0.0, 1.0, 1.0], primary.Values);
    }

    [Fact]
    public async Task GetMetricDataAsync_NoDataForTheMetric_EmptySeries()
    {
        await PutHealthCheckStatusAsync("hc-primary", [1, 1]);

        var series = await CreateSut().GetMetricDataAsync(
            [HealthCheckQuery("absent", "hc-absent")], Base.AddMinutes(-5), Base.AddMinutes(10), CancellationToken.None);

        Assert.Empty(series["absent"].Timestamps);
        Assert.Empty(series["absent"].Values);
    }

    [Fact]
    public async Task GetMetricDataAsync_SeveralQueries_KeepsEachSeriesUnderItsId()
    {
        await PutHealthCheckStatusAsync("hc-primary", [1, 1, 1]);
        await PutHealthCheckStatusAsync("hc-secondary", [0, 1, 0]);

        var series = await CreateSut().GetMetricDataAsync(
            [HealthCheckQuery("primary", "hc-primary"), HealthCheckQuery("secondary", "hc-secondary"), HealthCheckQuery("tertiary", "hc-tertiary")],
            Base, Base.AddMinutes(3), CancellationToken.None);

        Assert.Equal(["primary", "secondary", "tertiary"], series.Keys.Order(StringComparer.Ordinal));
        Assert.Equal([1.0, 1.0, 1.0], series["primary"].Values);
        Assert.Equal([0.0, 1.0, 0.0], series["secondary"].Values);
        Assert.Equal([Base.AddMinutes(2), Base.AddMinutes(1), Base], series["secondary"].Timestamps);
        Assert.Empty(series["tertiary"].Values);
    }

    private static MetricQuery HealthCheckQuery(string id, string healthCheckId) =>
        new(id, "AWS/Route53", "HealthCheckStatus", [new("HealthCheckId", healthCheckId)], 60, "Minimum");

    /// <summary>One data point a minute from <see cref="Base"/> on.</summary>
    private async Task PutHealthCheckStatusAsync(string healthCheckId, int[] values) => await Moto.Boto3Async($$"""
        import datetime
        base = datetime.datetime(2026, 11, 20, 10, 0, tzinfo=datetime.timezone.utc)
        client("cloudwatch").put_metric_data(Namespace="AWS/Route53", MetricData=[
            {"MetricName": "HealthCheckStatus", "Dimensions": [{"Name": "HealthCheckId", "Value": "{{healthCheckId}}"}],
             "Timestamp": base + datetime.timedelta(minutes=i), "Value": v}
            for i, v in enumerate([{{string.Join(", ", values)}}])])
        out(None)
        """);

    private CloudWatchClient CreateSut() => new(Moto.Configuration());
}
