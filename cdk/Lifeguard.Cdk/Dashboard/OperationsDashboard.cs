using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Constructs;
using Lifeguard.Cdk.Common;
using Lifeguard.Cdk.Configuration;

namespace Lifeguard.Cdk.Dashboard;

/// <summary>
/// One CloudWatch dashboard for the whole estate: every Lifeguard alarm with its state, then a row per capability, built
/// from the metrics the functions emit (EMF, namespace Lifeguard) and the AWS metrics of the queues and functions. Its
/// console address is a stack output. A configuration whose dashboard CloudWatch would refuse fails at synth.
/// </summary>
public sealed class OperationsDashboard : Construct
{
    /// <summary>CloudWatch's quotas for one dashboard (none can be raised).</summary>
    public const int MaxWidgets = 500;

    public const int MaxMetricsPerWidget = 500;

    public const int MaxMetricsPerDashboard = 2500;

    public const int MaxAlarmsPerStatusWidget = 100;

    /// <summary>
    /// CloudWatch documents no byte limit of its own for a body; the body travels inside the template, and CloudFormation
    /// takes a template of at most 1 MB (from S3; the CDK uploads larger ones there).
    /// </summary>
    public const int MaxBodyBytes = 1_000_000;

    /// <summary>What a token of the body (a function or queue name, an alarm ARN, the region) may become when deployed.</summary>
    private const int TokenBytes = 140;

    private readonly List<IWidget> _widgets = [];
    private int _metrics;

    public OperationsDashboard(Construct scope, string id, LifeguardStack stack, LifeguardConfig config) : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentNullException.ThrowIfNull(config);
        var name = $"{stack.StackName}-{stack.Region}";
        var runbook = config.Notifications.RunbookUrl is { } url ? $"[Runbook]({url}#runbook)" : "**Runbook** section of Lifeguard's README";
        Text(24, 2, $"# Lifeguard: {stack.StackName}\nEvery alarm below, and every notification, names its entry in the {runbook} (`Runbook: <entry>`). Metrics: namespace `Lifeguard`, dimension `Handler`.");
        var alarms = stack.Node.FindAll().OfType<Alarm>().ToList();
        foreach (var chunk in alarms.Chunk(MaxAlarmsPerStatusWidget))
        {
            Add(new AlarmStatusWidget(new AlarmStatusWidgetProps
            {
                Title = "Lifeguard alarms",
                Alarms = chunk,
                Width = 24,
                Height = 2 + (int)Math.Ceiling(chunk.Length / 4.0),
                SortBy = AlarmStatusWidgetSortBy.STATE_UPDATED_TIMESTAMP,
            }), 0);
        }

        if (stack.Snapshots is { } snapshots)
        {
            Snapshots(snapshots, config.Snapshots);
        }

        if (stack.HealthCheck is not null)
        {
            Failover(config.Failover);
        }

        if (stack.Jobs is { } jobs)
        {
            Jobs(jobs, config.Jobs);
        }

        if (stack.Promotion is not null)
        {
            Promotion(config.Promotion);
        }

        Functions(stack);
        Dashboard = new Amazon.CDK.AWS.CloudWatch.Dashboard(this, "Dashboard", new DashboardProps
        {
            DashboardName = name,
            // A week: the weekly drills, the daily expiry and the last promotion are on it; each widget's own period
            // holds at any range (not the console's automatic one).
            DefaultInterval = Duration.Days(7),
            PeriodOverride = PeriodOverride.INHERIT,
            Widgets = [[.. _widgets]],
        });
        BodyBytes = Size(stack.Resolve(((CfnDashboard)Dashboard.Node.DefaultChild!).DashboardBody));
        if (QuotaProblem(_widgets.Count, _metrics, BodyBytes) is { } problem)
        {
            throw new ConfigurationException(problem);
        }

        Url = $"https://{stack.Region}.console.aws.amazon.com/cloudwatch/home?region={stack.Region}#dashboards:name={name}";
        _ = new CfnOutput(stack, "DashboardUrl", new CfnOutputProps { Value = Url, Description = "The Lifeguard operations dashboard" });
    }

    public Amazon.CDK.AWS.CloudWatch.Dashboard Dashboard { get; }

    /// <summary>The dashboard's console address (a token string until deployed when the stack's region is).</summary>
    public string Url { get; }

    private void Snapshots(Snapshots.EbsSnapshots snapshots, SnapshotsConfig config)
    {
        Text(24, 1, "## Snapshots and expiry");
        var tier = config.Tiers.Select(t => new KeyValuePair<string, string>("Tier", t.Name)).ToList();
        Graph("Protected volumes (coverage check)", 8, Duration.Hours(1),
            [M("coverage", "ProtectedVolumes", "Maximum"), M("coverage", "UnprotectedVolumes", "Maximum"), M("coverage", "InvalidBackupTags", "Maximum")],
            [M("coverage", "CoverageAlertFailed", "Sum")]);
        Graph("Snapshot runs", 8, Duration.Hours(1),
            [M("snapshot", "SnapshotsCreated", "Sum"), M("snapshot", "SnapshotsFailed", "Sum"), M("snapshot", "SnapshotsDegraded", "Sum"), M("snapshot", "SnapshotsSkipped", "Sum"), M("snapshot", "SnapshotsHandedOff", "Sum")],
            [M("snapshot", "Throttled", "Sum")]);
        Graph("Expiry runs", 8, Duration.Days(1),
            [M("expire", "SnapshotsDeleted", "Sum"), M("expire", "SnapshotsFailed", "Sum"), M("expire", "SnapshotsKept", "Maximum"), M("expire", "SnapshotsRemaining", "Maximum"), M("expire", "SnapshotProblems", "Maximum"), M("expire", "SnapshotsNeedingAttention", "Maximum")],
            [M("expire", "Throttled", "Sum")]);
        Graph("Newest snapshot age per tier (hours, the oldest volume's)", 12, Duration.Hours(1),
            [.. tier.Select(t => M("coverage", "OldestNewestSnapshotHours", "Maximum", t.Value, t))]);
        Graph("Volumes and instances per tier run", 12, Duration.Hours(1),
            [.. tier.Select(t => M("snapshot", "SnapshotTargets", "Minimum", t.Value, t))]);
        if (snapshots.RestoreDrills is not null)
        {
            Graph("Restore drills", 12, Duration.Days(1),
                [M("drill", "RestoreDrillPassed", "Sum"), M("drill", "RestoreDrillFailed", "Sum"), M("drill", "VolumesWithoutRecentDrill", "Maximum"), M("drill", "DrillVolumesLeftBehind", "Maximum")],
                [M("drill", "TimeToRestoreSeconds", "Maximum", "time to restore (s, slowest)")]);
        }

        if (snapshots.Copies is not null)
        {
            var regions = string.Join(", ", config.Tiers.Select(t => t.CopyTo?.Region).OfType<string>().Distinct());
            Graph($"Copies to {regions}", 12, Duration.Hours(1),
                [M("copy", "SnapshotCopiesStarted", "Sum"), M("copy", "SnapshotCopiesWaiting", "Maximum"), M("copy", "SnapshotCopiesOverdue", "Maximum"), M("copy", "SnapshotCopiesFailed", "Sum")]);
        }
    }

    private void Failover(FailoverConfig config)
    {
        const string handler = Lifeguard.Failover.FailoverComposition.HandlerName;
        Text(24, 1, "## Health check and DNS switch");
        Graph("All groups", 24, Duration.Minutes(5),
            [M(handler, "Switches", "Sum"), M(handler, "GroupsAllDown", "Maximum"), M(handler, "GroupErrors", "Maximum"), M(handler, "HookFailures", "Sum")]);
        foreach (var group in config.Groups)
        {
            var g = new KeyValuePair<string, string>("Group", group.Name);
            KeyValuePair<string, string>[] Target(string target) => [g, new("Target", target)];
            Graph($"{group.Name}: active target (1) and state", 8, Duration.Minutes(1),
                [.. group.Targets.Select(t => M(handler, "Active", "Maximum", $"{t.Name} active", Target(t.Name)))],
                [M(handler, "ActiveUp", "Minimum", "active up", g), M(handler, "AllDown", "Maximum", "all down", g), M(handler, "Unwatched", "Maximum", "unwatched", g),
                    M(handler, "StandbysDown", "Maximum", "standbys down", g), M(handler, "Switches", "Sum", "switches", g), M(handler, "Alerts", "Sum", "alerts", g)]);
            Graph($"{group.Name}: share of probes passing per target", 8, Duration.Minutes(1),
                [.. group.Targets.Select(t => M(handler, "ProbeHealthy", "Average", t.Name, Target(t.Name)))]);
            Graph($"{group.Name}: probe latency (ms, slowest)", 8, Duration.Minutes(1),
                [.. group.Targets.Select(t => M(handler, "ProbeLatency", "Maximum", t.Name, Target(t.Name)))]);
        }
    }

    private void Jobs(Jobs.JobWorkers jobs, JobsConfig config)
    {
        const string handler = Cdk.Jobs.JobWorkers.HandlerName;
        MetricOptions Labelled(string label, string statistic = "Maximum") => new() { Statistic = statistic, Period = Duration.Minutes(1), Label = label };
        Text(24, 1, "## Image and PDF jobs");
        Graph("Queue depth", 8, Duration.Minutes(1),
            [jobs.HighQueue.MetricApproximateNumberOfMessagesVisible(Labelled("high")), jobs.LowQueue.MetricApproximateNumberOfMessagesVisible(Labelled("low")),
                jobs.DeadLetterQueue.MetricApproximateNumberOfMessagesVisible(Labelled("dead letters"))],
            [jobs.HighQueue.MetricApproximateNumberOfMessagesNotVisible(Labelled("high in flight")), jobs.LowQueue.MetricApproximateNumberOfMessagesNotVisible(Labelled("low in flight"))]);
        Graph("Oldest message (s)", 8, Duration.Minutes(1),
            [jobs.HighQueue.MetricApproximateAgeOfOldestMessage(Labelled("high")), jobs.LowQueue.MetricApproximateAgeOfOldestMessage(Labelled("low")),
                jobs.DeadLetterQueue.MetricApproximateAgeOfOldestMessage(Labelled("dead letters"))],
            annotation: new HorizontalAnnotation { Value = config.OldestMessageAlarmSeconds, Label = "alarm" });
        Graph("Jobs per minute by outcome", 8, Duration.Minutes(1),
            [M(handler, "JobsSucceeded", "Sum"), M(handler, "JobsFailed", "Sum"), M(handler, "JobsRetried", "Sum"), M(handler, "JobsReturned", "Sum"), M(handler, "JobsAlreadyEnded", "Sum")],
            [M(handler, "JobStatusesNotPublished", "Sum")]);
        Graph("Job duration (ms)", 8, Duration.Minutes(5),
            [M(handler, "JobDuration", "p50", "p50"), M(handler, "JobDuration", "p90", "p90"), M(handler, "JobDuration", "p99", "p99"), M(handler, "JobDuration", "Maximum", "max")]);
        Graph("Worker memory (MB, Lambda's report)", 8, Duration.Minutes(1),
            [jobs.WorkerMemory.Metric(new MetricOptions { Statistic = "Maximum", Label = "peak" })],
            annotation: new HorizontalAnnotation { Value = config.MemorySizeMb, Label = "function memory" });
        Graph("Worker invocations", 8, Duration.Minutes(1),
            [jobs.Function.MetricInvocations(Labelled("invocations", "Sum")), jobs.Function.MetricErrors(Labelled("errors", "Sum")), jobs.Function.MetricThrottles(Labelled("throttles", "Sum"))],
            [jobs.Function.Metric("ConcurrentExecutions", Labelled("concurrent"))]);
    }

    private void Promotion(PromotionConfig config)
    {
        const string handler = Lifeguard.Promotion.PromotionComposition.HandlerName;
        Text(24, 1, "## Replica promotion");
        foreach (var cluster in config.Clusters)
        {
            var c = new KeyValuePair<string, string>("Cluster", cluster.Name);
            var replicas = cluster.Nodes.Select(n => n.Name).ToList();
            var checkEvery = Duration.Minutes(Math.Max(config.CheckMinutes, 1));
            Graph($"{cluster.Name}: readiness (1 ready), the master (1) and promotions", 8, checkEvery,
                [M(handler, "PromotionReady", "Minimum", "ready", c), .. replicas.Select(r => M(handler, "IsMaster", "Maximum", $"{r} master", c, new("Server", r)))],
                [M(handler, "Promotions", "Sum", "promotions", c), M(handler, "Switchovers", "Sum", "switchovers", c), M(handler, "PromotionRefusals", "Sum", "refusals", c), M(handler, "PromotionFailures", "Sum", "failures", c)]);
            // Every server: after a promotion the old master is a replica, and the promoted one a master.
            Graph($"{cluster.Name}: replica lag and staleness (s)", 8, checkEvery,
                [.. replicas.Select(r => M(handler, "ReplicaLagSeconds", "Maximum", $"{r} lag", c, new("Replica", r)))],
                [.. replicas.Select(r => M(handler, "ReplicaStaleSeconds", "Maximum", $"{r} not receiving", c, new("Replica", r)))]);
            Add(new SingleValueWidget(new SingleValueWidgetProps
            {
                Title = $"{cluster.Name}: the last promotion (ms), total and per step",
                Width = 8,
                Height = 6,
                Metrics =
                [
                    M(handler, "PromotionTime", "Maximum", "total", c).With(new MetricOptions { Period = Duration.Days(7) }),
                    new MathExpression(new MathExpressionProps
                    {
                        Expression = $"SEARCH('{{Lifeguard,Cluster,Handler,Step}} MetricName=\"StepTime\" Cluster=\"{cluster.Name}\"', 'Maximum', 604800)",
                        UsingMetrics = new Dictionary<string, IMetric>(),
                        Label = "",
                        Period = Duration.Days(7),
                    }),
                ],
            }), 2);
        }
    }

    /// <summary>Every function: how long its runs take (EMF Duration, per handler) and whether they fail.</summary>
    private void Functions(LifeguardStack stack)
    {
        var functions = stack.Node.FindAll().OfType<Amazon.CDK.AWS.Lambda.Function>().ToList();
        var handlers = stack.Node.FindAll().OfType<LifeguardFunction>().Select(f => f.HandlerName).Distinct(StringComparer.Ordinal);
        Text(24, 1, "## Functions");
        Graph("Run time per handler (ms, p90)", 12, Duration.Minutes(5), [.. handlers.Select(h => M(h, "Duration", "p90", h))]);
        Graph("Errors and throttles per function", 12, Duration.Minutes(5),
            [.. functions.Select(f => f.MetricErrors(new MetricOptions { Statistic = "Sum", Label = f.Node.Path.Replace($"{stack.StackName}/", "", StringComparison.Ordinal) }))],
            [.. functions.Select(f => f.MetricThrottles(new MetricOptions { Statistic = "Sum", Label = "throttled " + f.Node.Path.Replace($"{stack.StackName}/", "", StringComparison.Ordinal) }))]);
    }

    private static Metric M(string handler, string name, string statistic, string? label = null, params IEnumerable<KeyValuePair<string, string>> dimensions) =>
        (Metric)Alarms.HandlerMetric(handler, name, statistic, Duration.Minutes(5), dimensions).With(new MetricOptions { Label = label ?? name });

    private void Graph(string title, int width, Duration period, IMetric[] left, IMetric[]? right = null, HorizontalAnnotation? annotation = null) =>
        Add(new GraphWidget(new GraphWidgetProps
        {
            Title = title,
            Width = width,
            Height = 6,
            Period = period,
            Left = left,
            Right = right ?? [],
            LeftYAxis = new YAxisProps { Min = 0, ShowUnits = false },
            RightYAxis = new YAxisProps { Min = 0, ShowUnits = false },
            LeftAnnotations = annotation is null ? null : [annotation],
        }), left.Length + (right?.Length ?? 0));

    private void Text(int width, int height, string markdown) => Add(new TextWidget(new TextWidgetProps { Markdown = markdown, Width = width, Height = height }), 0);

    private void Add(IWidget widget, int metrics)
    {
        if (metrics > MaxMetricsPerWidget)
        {
            throw new ConfigurationException($"dashboard: a widget would show {metrics} metrics; CloudWatch takes at most {MaxMetricsPerWidget} per widget. Fewer targets per failover group, or fewer tiers.");
        }

        _widgets.Add(widget);
        _metrics += metrics;
    }

    /// <summary>What CloudWatch (or CloudFormation) would refuse at deploy time, naming what to cut; null when it fits.</summary>
    public static string? QuotaProblem(int widgets, int metrics, int bodyBytes) =>
        widgets > MaxWidgets
            ? $"dashboard: {widgets} widgets; CloudWatch takes at most {MaxWidgets} on one dashboard. Fewer failover groups or promotion clusters per stack (three widgets each): split them over two stacks."
        : metrics > MaxMetricsPerDashboard
            ? $"dashboard: {metrics} metrics; CloudWatch takes at most {MaxMetricsPerDashboard} on one dashboard. Fewer failover groups or targets per stack (three metrics per target): split them over two stacks."
        : bodyBytes > MaxBodyBytes
            ? $"dashboard: its body would be about {bodyBytes / 1000} kB; it travels in the CloudFormation template, which takes at most {MaxBodyBytes / 1_000_000} MB. Fewer failover groups or promotion clusters per stack."
        : null;

    /// <summary>The body's size when deployed (bytes), each reference counted at the most it may become.</summary>
    public int BodyBytes { get; }

    /// <summary>The resolved body: a string, or an Fn::Join of strings and references.</summary>
    private static int Size(object? node) => node switch
    {
        string text => System.Text.Encoding.UTF8.GetByteCount(text),
        System.Collections.IDictionary map when map.Contains("Ref") || map.Contains("Fn::GetAtt") => TokenBytes,
        System.Collections.IDictionary map => map.Values.Cast<object?>().Sum(Size),
        System.Collections.IEnumerable items => items.Cast<object?>().Sum(Size),
        _ => TokenBytes,
    };
}
