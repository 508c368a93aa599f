using System.Globalization;
using System.Xml.Linq;
using Lifeguard.Aws.Endpoints;
using Lifeguard.Aws.Http;
using Lifeguard.Aws.Protocols;

namespace Lifeguard.Aws.CloudWatch;

/// <summary>CloudWatch (API 2010-08-01) over the query protocol, which the service still answers beside CBOR and JSON.</summary>
public sealed class CloudWatchClient(AwsConfiguration configuration) : ICloudWatchClient
{
    private const string Version = "2010-08-01";

    // A page holds up to 100,800 data points: 500 queries of a day of minutes fit in eight. The bound only stops a
    // service that keeps handing out tokens; the series it cut short keep their PartialData status.
    private const int MaxPages = 100;

    private readonly AwsTransport _transport = new(configuration, AwsService.CloudWatch);

    public async Task<IReadOnlyDictionary<string, MetricSeries>> GetMetricDataAsync(
        IReadOnlyList<MetricQuery> queries, DateTimeOffset startTime, DateTimeOffset endTime, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queries);
        if (queries.Count == 0)
        {
            throw new ArgumentException("at least one metric query is needed", nameof(queries));
        }

        var series = new Dictionary<string, SeriesBuilder>(StringComparer.Ordinal);
        foreach (var query in queries)
        {
            ArgumentNullException.ThrowIfNull(query, nameof(queries));
            if (!series.TryAdd(query.Id, new SeriesBuilder(query.Id)))
            {
                throw new ArgumentException($"metric query id '{query.Id}' is used twice; the answer could not tell the series apart", nameof(queries));
            }
        }

        string? token = null;
        for (var page = 0; page < MaxPages; page++)
        {
            var form = new FormBuilder("GetMetricData", Version);
            form.List("MetricDataQueries.member", queries, static (f, prefix, q) =>
            {
                f.Add($"{prefix}.Id", q.Id)
                    .Add($"{prefix}.MetricStat.Metric.Namespace", q.Namespace)
                    .Add($"{prefix}.MetricStat.Metric.MetricName", q.MetricName)
                    .List($"{prefix}.MetricStat.Metric.Dimensions.member", q.Dimensions, static (d, name, dimension) => d
                        .Add($"{name}.Name", dimension.Key)
                        .Add($"{name}.Value", dimension.Value))
                    .Add($"{prefix}.MetricStat.Period", q.PeriodSeconds)
                    .Add($"{prefix}.MetricStat.Stat", q.Stat)
                    .Add($"{prefix}.ReturnData", true);
            });
            form.Add("StartTime", Timestamp(startTime))
                .Add("EndTime", Timestamp(endTime))
                .Add("ScanBy", "TimestampDescending")
                .Add("NextToken", token);

            // A read: retried after any transient failure.
            using var response = await _transport.SendAsync(
                new AwsRequest { Operation = "GetMetricData", Form = form.Parameters, Idempotency = Idempotency.Idempotent }, cancellationToken).ConfigureAwait(false);
            var result = Xml.Parse(response.Body).Descendant("GetMetricDataResult")
                ?? throw new FormatException("GetMetricData answered without a GetMetricDataResult");
            foreach (var member in result.Items("MetricDataResults", "member"))
            {
                var id = member.RequiredText("Id");
                if (!series.TryGetValue(id, out var builder))
                {
                    series[id] = builder = new SeriesBuilder(id);
                }

                builder.Add(member);
            }

            token = result.Text("NextToken");
            if (string.IsNullOrEmpty(token))
            {
                break;
            }
        }

        return series.ToDictionary(p => p.Key, p => p.Value.Build(), StringComparer.Ordinal);
    }

    /// <summary>ISO 8601 in UTC, with the fraction only when there is one (as botocore sends it).</summary>
    private static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>One series gathered over the pages; with TimestampDescending each page goes on with older points.</summary>
    private sealed class SeriesBuilder(string id)
    {
        private readonly List<DateTimeOffset> _timestamps = [];
        private readonly List<double> _values = [];
        private string? _label;
        private string? _statusCode;

        public void Add(XElement member)
        {
            var timestamps = member.Items("Timestamps", "member").Select(t => ParseTime(t.Value)).ToList();
            var values = member.Items("Values", "member").Select(v => double.Parse(v.Value, NumberStyles.Float, CultureInfo.InvariantCulture)).ToList();
            if (timestamps.Count != values.Count)
            {
                throw new FormatException($"GetMetricData answered {timestamps.Count} timestamps but {values.Count} values for '{id}'");
            }

            _timestamps.AddRange(timestamps);
            _values.AddRange(values);
            _label = member.Text("Label") ?? _label;
            // The last page's word: PartialData on the pages before it, Complete once the series is whole.
            _statusCode = member.Text("StatusCode") ?? _statusCode;
        }

        public MetricSeries Build() => new(id, _label, _statusCode, _timestamps, _values);

        private DateTimeOffset ParseTime(string text) =>
            DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
                ? time
                : throw new FormatException($"GetMetricData answered a timestamp '{text}' for '{id}' that is not ISO 8601");
    }
}
