using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Amazon.CDK;
using Amazon.CDK.Assertions;
using Lifeguard.Cdk.Configuration;
using Lifeguard.Cdk.Dashboard;
using Lifeguard.Failover.Configuration;
using Lifeguard.TestSupport;

using static Lifeguard.Cdk.Tests.TestStackExtensions;

namespace Lifeguard.Cdk.Tests.Dashboard;

public sealed partial class OperationsDashboardTests
{
    [Fact]
    public void Dashboard_NamesOnlyMetricsTheFunctionsEmit_AndEveryMetricTheyEmit()
    {
        var template = Template.FromStack(CreateSut());
        // The functions' EMF lines, and the stack's own metric filters (Lambda's report of the worker's memory).
        var emitted = Projects.Select(p => p.Name).Append("Lifeguard.Runtime").SelectMany(p => Emitted(p).Names).ToHashSet(StringComparer.Ordinal);
        emitted.UnionWith(template.FindResources("AWS::Logs::MetricFilter").Values
            .SelectMany(f => Json(f)
                .GetProperty("Properties").GetProperty("MetricTransformations").EnumerateArray()
                .Where(t => t.GetProperty("MetricNamespace").GetString() == "Lifeguard")
                .Select(t => t.GetProperty("MetricName").GetString()!)));
        var shown = LifeguardMetricNames(Body(template));

        Assert.NotEmpty(emitted);
        Assert.Empty(shown.Except(emitted));
        Assert.Empty(emitted.Except(shown));
    }

    /// <summary>
    /// CloudWatch shows nothing for a metric named with other dimensions than its line has. Every Lifeguard metric an
    /// alarm or the dashboard names carries the Handler dimension every EMF line has, a handler whose project writes
    /// that name, and only dimension keys that project writes.
    /// </summary>
    [Fact]
    public void EveryLifeguardMetricOfTheTemplate_IsNamedWithTheDimensionsItsEmitterWrites()
    {
        var template = Template.FromStack(CreateSut(hooks: true));
        var filtered = template.FindResources("AWS::Logs::MetricFilter").Values
            .SelectMany(f => Json(f).GetProperty("Properties").GetProperty("MetricTransformations").EnumerateArray().Select(t => t.GetProperty("MetricName").GetString()!))
            .ToHashSet(StringComparer.Ordinal);
        var uses = AlarmMetrics(template).Concat(DashboardMetrics(Body(template))).ToList();

        Assert.True(uses.Count > 80, $"{uses.Count} uses");
        Assert.Contains(uses, u => u.Name == "ProbeHealthy" && u.Where.StartsWith("alarm", StringComparison.Ordinal));
        Assert.Contains(uses, u => u.Name == "HookFailures" && u.Where.StartsWith("alarm", StringComparison.Ordinal));
        Assert.All(uses.Where(u => !filtered.Contains(u.Name)), use =>
        {
            Assert.True(use.Dimensions.TryGetValue("Handler", out var handler), $"{use.Where}: {use.Name} without the Handler dimension every line has");
            var project = Assert.Single(Projects, p => p.Handlers.Contains(handler)).Name;
            var (names, keys) = Emitted(project);
            var (runtimeNames, _) = Emitted("Lifeguard.Runtime");
            Assert.True(names.Contains(use.Name) || runtimeNames.Contains(use.Name), $"{use.Where}: {use.Name} is not written by {project} (handler {handler})");
            Assert.All(use.Dimensions.Keys.Where(k => k != "Handler"), key => Assert.True(keys.Contains(key), $"{use.Where}: {use.Name} names dimension {key}, which {project} never writes"));
        });
    }

    private static readonly (string Name, string[] Handlers)[] Projects =
    [
        ("Lifeguard.Snapshots", ["snapshot", "expire", "coverage", "drill", "copy"]),
        ("Lifeguard.Failover", ["failover"]),
        ("Lifeguard.Jobs", ["jobs"]),
        ("Lifeguard.Promotion", ["promotion"]),
    ];

    private sealed record MetricUse(string Where, string Name, IReadOnlyDictionary<string, string> Dimensions);

    /// <summary>The metric names a project's sources write, and every dimension key they name.</summary>
    private static (HashSet<string> Names, HashSet<string> Keys) Emitted(string project)
    {
        var sources = TestStackExtensions.SourceFiles("functions", project).Select(File.ReadAllText).ToList();
        return (sources.SelectMany(s => MetricAdd().Matches(s).Select(m => m.Groups[1].Value)).ToHashSet(StringComparer.Ordinal),
            sources.SelectMany(s => DimensionKey().Matches(s).Select(m => m.Groups[1].Value)).ToHashSet(StringComparer.Ordinal));
    }

    private static IEnumerable<MetricUse> AlarmMetrics(Template template)
    {
        foreach (var (id, alarm) in template.FindResources("AWS::CloudWatch::Alarm"))
        {
            var properties = Json(alarm).GetProperty("Properties");
            var metrics = properties.TryGetProperty("MetricName", out _)
                ? [properties]
                : properties.GetProperty("Metrics").EnumerateArray().Where(m => m.TryGetProperty("MetricStat", out _)).Select(m => m.GetProperty("MetricStat").GetProperty("Metric")).ToList();
            foreach (var metric in metrics.Where(m => m.GetProperty("Namespace").GetString() == "Lifeguard"))
            {
                var dimensions = metric.TryGetProperty("Dimensions", out var list)
                    ? list.EnumerateArray().ToDictionary(d => d.GetProperty("Name").GetString()!, d => d.GetProperty("Value").ValueKind == JsonValueKind.String ? d.GetProperty("Value").GetString()! : "TOKEN", StringComparer.Ordinal)
                    : [];
                yield return new MetricUse($"alarm {id}", metric.GetProperty("MetricName").GetString()!, dimensions);
            }
        }
    }

    private static IEnumerable<MetricUse> DashboardMetrics(JsonElement body) =>
        body.GetProperty("widgets").EnumerateArray()
            .Where(w => w.GetProperty("type").GetString() == "metric")
            .SelectMany(w => w.GetProperty("properties").GetProperty("metrics").EnumerateArray().Select(m => (Title: w.GetProperty("properties").GetProperty("title").GetString(), Metric: m)))
            .Where(m => m.Metric[0].ValueKind == JsonValueKind.String && m.Metric[0].GetString() == "Lifeguard")
            .Select(m =>
            {
                var parts = m.Metric.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList();
                var dimensions = new Dictionary<string, string>(StringComparer.Ordinal);
                for (var i = 2; i + 1 < parts.Count; i += 2)
                {
                    dimensions[parts[i]] = parts[i + 1];
                }

                return new MetricUse($"dashboard widget '{m.Title}'", parts[1], dimensions);
            });

    [Fact]
    public void Dashboard_ShowsEveryAlarmOfTheStackWithItsState()
    {
        var template = Template.FromStack(CreateSut());
        var alarms = template.FindResources("AWS::CloudWatch::Alarm").Keys.ToHashSet(StringComparer.Ordinal);

        var shown = Body(template).GetProperty("widgets").EnumerateArray()
            .Where(w => w.GetProperty("type").GetString() == "alarm")
            .SelectMany(w => w.GetProperty("properties").GetProperty("alarms").EnumerateArray())
            .Select(a => a.GetString()!)
            .ToList();

        Assert.Equal(21, alarms.Count);
        Assert.Equal(alarms.Count, shown.Count);
        Assert.All(shown, a => Assert.StartsWith("TOKEN:", a, StringComparison.Ordinal));
        Assert.Equal(alarms.Order(StringComparer.Ordinal), shown.Select(a => a["TOKEN:".Length..]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Dashboard_PerGroupAndPerCluster_NamesTheirTargetsAndReplicas()
    {
        var metrics = Body(Template.FromStack(CreateSut())).GetProperty("widgets").EnumerateArray()
            .Where(w => w.GetProperty("type").GetString() == "metric")
            .SelectMany(w => w.GetProperty("properties").GetProperty("metrics").EnumerateArray())
            .Select(m => string.Join(' ', m.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString())))
            .ToList();

        // CloudWatch's dimensions are a set; the CDK writes them sorted by name.
        Assert.Contains("Lifeguard ProbeHealthy Group web Handler failover Target lb2", metrics);
        Assert.Contains("Lifeguard Active Group web Handler failover Target lb1", metrics);
        Assert.Contains("Lifeguard ReplicaLagSeconds Cluster shop Handler promotion Replica db3", metrics);
        Assert.Contains("Lifeguard ReplicaStaleSeconds Cluster shop Handler promotion Replica db1", metrics);
        Assert.Contains("Lifeguard OldestNewestSnapshotHours Handler coverage Tier monthly", metrics);
        Assert.Contains("Lifeguard JobsWorkerMaxMemoryUsedMB", metrics);
    }

    [Fact]
    public void Dashboard_ItsAddressIsAnOutputAndItsNameHoldsTheRegion()
    {
        var stack = CreateSut(region: "eu-west-1");
        var template = Template.FromStack(stack);

        template.HasResourceProperties("AWS::CloudWatch::Dashboard", new Dictionary<string, object> { ["DashboardName"] = "Lifeguard-eu-west-1" });
        template.HasOutput("DashboardUrl", new Dictionary<string, object>
        {
            ["Value"] = "https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#dashboards:name=Lifeguard-eu-west-1",
        });
        Assert.InRange(stack.Dashboard.BodyBytes, 10_000, OperationsDashboardLimit / 10);
    }

    [Theory]
    [InlineData(501, 100, 50_000, "dashboard: 501 widgets; CloudWatch takes at most 500 on one dashboard.")]
    [InlineData(40, 2501, 50_000, "dashboard: 2501 metrics; CloudWatch takes at most 2500 on one dashboard.")]
    [InlineData(40, 100, 1_000_001, "dashboard: its body would be about 1000 kB; it travels in the CloudFormation template, which takes at most 1 MB.")]
    public void QuotaProblem_OverAQuota_NamesItAndWhatToCut(int widgets, int metrics, int bytes, string expected)
    {
        var problem = OperationsDashboard.QuotaProblem(widgets, metrics, bytes);

        Assert.NotNull(problem);
        Assert.StartsWith(expected, problem, StringComparison.Ordinal);
        Assert.Contains("per stack", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void QuotaProblem_AtEachQuota_IsNone() =>
        Assert.Null(OperationsDashboard.QuotaProblem(OperationsDashboard.MaxWidgets, OperationsDashboard.MaxMetricsPerDashboard, OperationsDashboard.MaxBodyBytes));

    private const int OperationsDashboardLimit = OperationsDashboard.MaxBodyBytes;

    /// <summary>Names in namespace Lifeguard that the body's widgets show: metric arrays, and MetricName="..." in a search.</summary>
    private static HashSet<string> LifeguardMetricNames(JsonElement body)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var widget in body.GetProperty("widgets").EnumerateArray().Where(w => w.GetProperty("type").GetString() == "metric"))
        {
            foreach (var metric in widget.GetProperty("properties").GetProperty("metrics").EnumerateArray())
            {
                var first = metric[0];
                if (first.ValueKind == JsonValueKind.String && first.GetString() == "Lifeguard")
                {
                    names.Add(metric[1].GetString()!);
                }
                else if (first.ValueKind == JsonValueKind.Object && first.TryGetProperty("expression", out var expression))
                {
                    names.UnionWith(SearchedName().Matches(expression.GetString()!).Select(m => m.Groups[1].Value));
                }
            }
        }

        return names;
    }

    /// <summary>The dashboard body with each token (a function, queue or alarm reference) as "TOKEN:logical id".</summary>
    private static JsonElement Body(Template template)
    {
        var dashboard = Assert.Single(template.FindResources("AWS::CloudWatch::Dashboard").Values);
        var body = Json(dashboard).GetProperty("Properties").GetProperty("DashboardBody");
        if (body.ValueKind == JsonValueKind.String)
        {
            return JsonDocument.Parse(body.GetString()!).RootElement;
        }

        var text = new StringBuilder();
        foreach (var part in body.GetProperty("Fn::Join")[1].EnumerateArray())
        {
            text.Append(part.ValueKind == JsonValueKind.String ? part.GetString()
                : part.TryGetProperty("Ref", out var reference) ? $"TOKEN:{reference.GetString()}"
                : part.TryGetProperty("Fn::GetAtt", out var attribute) ? $"TOKEN:{attribute[0].GetString()}"
                : "TOKEN:");
        }

        return JsonDocument.Parse(text.ToString()).RootElement;
    }

    private static LifeguardStack CreateSut(string? region = null, bool hooks = false)
    {
        var config = LifeguardConfigLoader.Load(Path.Combine(RepositoryPaths.Root, "config", "example.json"));
        if (hooks)
        {
            // Every optional alarm too: switch hooks, and a master alarm on the health check's probe of its port.
            var group = config.Failover.Groups[0];
            config = config with
            {
                Failover = config.Failover with
                {
                    Groups = [group with
                    {
                        Targets = [.. group.Targets.Select((t, i) => t with { InstanceId = $"i-0{i}23456789abcdef0" })],
                        Hooks = new SwitchHooksConfig { OnNew = "Lifeguard-TakeOver" },
                    }],
                },
                Promotion = config.Promotion with
                {
                    MasterAlarms = new Dictionary<string, MasterAlarmConfig> { ["shop"] = new() { ProbeGroup = "web", ProbeTarget = "lb1" } },
                },
            };
        }

        return new LifeguardStack(new App(), "Lifeguard", new LifeguardStackProps
        {
            Config = config,
            Packager = new FakePackager(),
            Env = region is null ? null : new Amazon.CDK.Environment { Region = region, Account = "123456789012" },
        });
    }

    [GeneratedRegex(@"\.Add\(""([A-Z][A-Za-z0-9]+)"",")]
    private static partial Regex MetricAdd();

    [GeneratedRegex(@"new(?: KeyValuePair<string, string>)?\(""([A-Z][A-Za-z]+)"", ")]
    private static partial Regex DimensionKey();

    [GeneratedRegex(@"MetricName=\\?""([A-Za-z0-9]+)\\?""")]
    private static partial Regex SearchedName();
}
