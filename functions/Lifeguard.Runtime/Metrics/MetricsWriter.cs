using System.Buffers;
using System.Text;
using System.Text.Json;
using Lifeguard.Runtime.Logging;

namespace Lifeguard.Runtime.Metrics;

/// <summary>
/// CloudWatch Embedded Metric Format: metrics ride on log lines, so reporting costs no API call and no latency.
/// Values added under one name are kept as a list (EMF allows 100 per metric); a document holds at most
/// 100 metrics, so a flush writes as many lines as needed. Each line carries a "level": Lambda's log-level filter
/// treats a JSON line without one as INFO, so under a WARN application log level the metrics the alarms watch would
/// be dropped; the line is given the lowest level that the configured filter lets through.
/// </summary>
public sealed class MetricsWriter(TextWriter output, string metricNamespace, TimeProvider time, string level = "INFO")
{
    private const int MaxMetricsPerDocument = 100;
    private const int MaxValuesPerMetric = 100;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, string> _dimensions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, object> _properties = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (MetricUnit Unit, List<double> Values)> _metrics = new(StringComparer.Ordinal);
    private readonly List<MetricsWriter> _children = [];

    public void Add(string name, double value, MetricUnit unit = MetricUnit.Count)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        lock (_gate)
        {
            if (_metrics.TryGetValue(name, out var full) && full.Values.Count == MaxValuesPerMetric)
            {
                FlushLocked();
            }

            if (!_metrics.TryGetValue(name, out var metric))
            {
                metric = (unit, []);
                _metrics[name] = metric;
            }

            metric.Values.Add(value);
        }
    }

    public void SetDimension(string name, string value)
    {
        lock (_gate)
        {
            _dimensions[name] = value;
        }
    }

    /// <summary>A searchable field on the line that is not a metric or dimension (request id, target id).</summary>
    public void SetProperty(string name, object value)
    {
        lock (_gate)
        {
            _properties[name] = value;
        }
    }

    /// <summary>
    /// A writer for metrics that need more dimensions than this one's (per target: Group and Target), with this one's
    /// dimensions and properties; flushed, and forgotten, when this one is.
    /// </summary>
    public MetricsWriter WithDimensions(params IEnumerable<KeyValuePair<string, string>> dimensions)
    {
        var child = new MetricsWriter(output, metricNamespace, time, level);
        lock (_gate)
        {
            foreach (var (name, value) in _dimensions.Concat(dimensions))
            {
                child._dimensions[name] = value;
            }

            foreach (var (name, value) in _properties)
            {
                child._properties[name] = value;
            }

            _children.Add(child);
        }

        return child;
    }

    public void Flush()
    {
        MetricsWriter[] children;
        lock (_gate)
        {
            FlushLocked();
            children = [.. _children];
            _children.Clear();
        }

        foreach (var child in children)
        {
            child.Flush();
        }
    }

    private void FlushLocked()
    {
        foreach (var chunk in _metrics.Chunk(MaxMetricsPerDocument))
        {
            WriteDocument(chunk);
        }

        _metrics.Clear();
    }

    private void WriteDocument(KeyValuePair<string, (MetricUnit Unit, List<double> Values)>[] metrics)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("level", level);
            json.WriteStartObject("_aws");
            json.WriteNumber("Timestamp", time.GetUtcNow().ToUnixTimeMilliseconds());
            json.WriteStartArray("CloudWatchMetrics");
            json.WriteStartObject();
            json.WriteString("Namespace", metricNamespace);
            json.WriteStartArray("Dimensions");
            json.WriteStartArray();
            foreach (var name in _dimensions.Keys)
            {
                json.WriteStringValue(name);
            }

            json.WriteEndArray();
            json.WriteEndArray();
            json.WriteStartArray("Metrics");
            foreach (var (name, (unit, _)) in metrics)
            {
                json.WriteStartObject();
                json.WriteString("Name", name);
                json.WriteString("Unit", unit.ToString());
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
            foreach (var (name, value) in _dimensions)
            {
                json.WriteString(name, value);
            }

            foreach (var (name, value) in _properties)
            {
                json.WritePropertyName(name);
                JsonLineLogger.WriteValue(json, value);
            }

            foreach (var (name, (_, values)) in metrics)
            {
                if (values.Count == 1)
                {
                    json.WriteNumber(name, values[0]);
                    continue;
                }

                json.WriteStartArray(name);
                foreach (var value in values)
                {
                    json.WriteNumberValue(value);
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.WrittenSpan));
        output.Flush();
    }
}
