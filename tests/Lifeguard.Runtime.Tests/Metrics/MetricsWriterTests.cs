using System.Text.Json;
using Lifeguard.Runtime.Metrics;
using Microsoft.Extensions.Time.Testing;

namespace Lifeguard.Runtime.Tests.Metrics;

public sealed class MetricsWriterTests
{
    private readonly StringWriter _output = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(1_790_000_000_000));

    [Fact]
    public void Flush_MetricsAndDimensions_WritesAnEmfDocument()
    {
        var metrics = CreateSut();
        metrics.SetDimension("Handler", "expire");
        metrics.SetProperty("requestId", "req-1");
        metrics.Add("Deleted", 4);
        metrics.Add("Latency", 12.5, MetricUnit.Milliseconds);
        metrics.Add("Latency", 20, MetricUnit.Milliseconds);

        metrics.Flush();

        using var json = JsonDocument.Parse(_output.ToString());
        var root = json.RootElement;
        var aws = root.GetProperty("_aws");
        Assert.Equal(1_790_000_000_000, aws.GetProperty("Timestamp").GetInt64());
        var directive = Assert.Single(aws.GetProperty("CloudWatchMetrics").EnumerateArray());
        Assert.Equal("Lifeguard", directive.GetProperty("Namespace").GetString());
        Assert.Equal("Handler", directive.GetProperty("Dimensions")[0][0].GetString());
        Assert.Equal(
            ["Deleted:Count", "Latency:Milliseconds"],
            directive.GetProperty("Metrics").EnumerateArray().Select(m => $"{m.GetProperty("Name").GetString()}:{m.GetProperty("Unit").GetString()}"));
        Assert.Equal("expire", root.GetProperty("Handler").GetString());
        Assert.Equal("req-1", root.GetProperty("requestId").GetString());
        Assert.Equal(4, root.GetProperty("Deleted").GetDouble());
        Assert.Equal([12.5, 20], root.GetProperty("Latency").EnumerateArray().Select(v => v.GetDouble()));
    }

    [Fact]
    public void Flush_UnderAWarnLogLevel_EveryLineCarriesALevelTheFilterLetsThrough()
    {
        // Lambda's filter drops a JSON line without "level" (counted as INFO) when the application log level is WARN.
        var metrics = new MetricsWriter(_output, "Lifeguard", _time, "WARN");
        metrics.Add("JobsFailed", 1);
        metrics.WithDimensions(new KeyValuePair<string, string>("Group", "web")).Add("Switches", 1);

        metrics.Flush();

        var lines = _output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.All(lines, line => Assert.Equal("WARN", JsonDocument.Parse(line).RootElement.GetProperty("level").GetString()));
    }

    [Fact]
    public void Flush_ChildWithMoreDimensions_WritesItsOwnDocumentOnceThenForgetsIt()
    {
        var metrics = CreateSut();
        metrics.SetDimension("Handler", "check");
        metrics.SetProperty("requestId", "req-1");
        var child = metrics.WithDimensions(new KeyValuePair<string, string>("Target", "lb1"));
        child.Add("ProbeLatency", 3, MetricUnit.Milliseconds);
        metrics.Add("Switches", 1);

        metrics.Flush();
        metrics.Flush();

        var lines = _output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(2, lines.Count);
        var targetLine = Assert.Single(lines, l => l.TryGetProperty("ProbeLatency", out _));
        Assert.Equal(["Handler", "Target"], targetLine.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Dimensions")[0].EnumerateArray().Select(d => d.GetString()));
        Assert.Equal(("check", "lb1", "req-1"), (targetLine.GetProperty("Handler").GetString(), targetLine.GetProperty("Target").GetString(), targetLine.GetProperty("requestId").GetString()));
    }

    [Fact]
    public void Flush_MoreThanOneHundredMetrics_SplitsIntoSeveralDocuments()
    {
        var metrics = CreateSut();
        for (var i = 0; i < 150; i++)
        {
            metrics.Add($"M{i}", i);
        }

        metrics.Flush();

        var lines = _output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Equal([100, 50], lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Metrics").GetArrayLength()));
    }

    [Fact]
    public void Add_MoreThanOneHundredValuesOfOneMetric_FlushesBeforeTheLimit()
    {
        var metrics = CreateSut();
        for (var i = 0; i < 101; i++)
        {
            metrics.Add("ProbeLatency", i, MetricUnit.Milliseconds);
        }

        metrics.Flush();

        var lines = _output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Equal(100, JsonDocument.Parse(lines[0]).RootElement.GetProperty("ProbeLatency").GetArrayLength());
        Assert.Equal(100, JsonDocument.Parse(lines[1]).RootElement.GetProperty("ProbeLatency").GetDouble());
    }

    [Fact]
    public void Flush_NothingAdded_WritesNothing()
    {
        CreateSut().Flush();

        Assert.Empty(_output.ToString());
    }

    private MetricsWriter CreateSut() => new(_output, "Lifeguard", _time);
}
