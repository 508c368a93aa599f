using System.Text.Json;
using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.CloudWatch.Actions;
using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.Events.Targets;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Lambda;
using Constructs;
using Lifeguard.Aws.Sns;
using Lifeguard.Cdk.Common;
using Lifeguard.Cdk.Configuration;
using Lifeguard.Promotion;
using Lifeguard.Promotion.Configuration;
using static Lifeguard.Cdk.Common.Iam;

namespace Lifeguard.Cdk.Promotion;

/// <summary>
/// Replica promotion: the function in the databases' VPC; per cluster an alarm on its master (the instance's EC2
/// status checks, or the health check's probe of the database port) whose ALARM and OK actions invoke the function
/// (ALARM promotes, OK fences a returning old master) and tell the operators; an EventBridge rule for any further
/// alarms a cluster names; per cluster the watcher every minute and the readiness check on its schedule. IAM: the
/// named secrets only, the master records and their lock and readiness TXT records only, and StopInstances on the
/// clusters' instances only where the policy asks for it.
/// </summary>
public sealed class ReplicaPromotion : Construct
{
    public ReplicaPromotion(Construct scope, string id, CapabilityProps<PromotionConfig> props) : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(props);
        var config = props.Config;
        var stack = Stack.Of(this);
        // Each cluster's own alarm is named here and added to its alarmNames, so the function maps it back.
        var clusters = config.Clusters.Select(c => c with { AlarmNames = [.. c.AlarmNames.Append(AlarmName(stack, c)).Distinct()] }).ToList();
        var environment = new Dictionary<string, string>
        {
            [PromotionSettings.ClustersVariable] = JsonSerializer.Serialize<IReadOnlyList<ClusterConfig>>(clusters, PromotionJsonContext.Default.IReadOnlyListClusterConfig),
            ["LIFEGUARD_TOPIC_ARN"] = props.Notifications.Topic.TopicArn,
        };
        EnvironmentSize.Check(environment, "promotion.clusters", props.RunbookUrl);
        Function = new LifeguardFunction(this, "Promote", new LifeguardFunctionProps
        {
            ProjectName = "Lifeguard.Promotion",
            HandlerName = PromotionComposition.HandlerName,
            Packager = props.Packager,
            Description = "Lifeguard: promotes the best MySQL/MariaDB replica when the master dies",
            // The worst case of any cluster: a minute of watching, then a whole promotion, then notifying.
            Timeout = Duration.Seconds(Math.Clamp(config.Clusters.Max(c => (int)Math.Ceiling(PromotionHandler.WorstCase(c.Policy).TotalSeconds)), 60, 900)),
            MemorySizeMb = 256,
            LogRetention = props.LogRetention,
            Environment = environment,
            Vpc = config.Vpc ?? throw new ConfigurationException("promotion.vpc: required; the function connects to the databases."),
        }).Function;

        // A retried promotion would find the lock or the anti-flap window; a failure is reported, not retried blindly.
        Function.ConfigureAsyncInvoke(new EventInvokeConfigOptions { RetryAttempts = 0, MaxEventAge = Duration.Minutes(10) });

        var invoke = new LambdaAction(Function);
        var tell = new SnsAction(props.Notifications.Topic);
        var alarms = new List<Alarm>();
        foreach (var cluster in config.Clusters)
        {
            var alarm = new Alarm(this, $"MasterDown-{cluster.Name}", new AlarmProps
            {
                AlarmName = AlarmName(stack, cluster),
                AlarmDescription = Alarms.Describe($"Lifeguard: the master of {cluster.Name} is down; the function promotes a replica (and fences the old master when this returns to OK)", Runbook.PromotionMasterDown),
                Metric = MasterMetric(cluster, config.MasterAlarms.GetValueOrDefault(cluster.Name)),
                ComparisonOperator = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
                Threshold = 1,
                EvaluationPeriods = config.MasterAlarms.GetValueOrDefault(cluster.Name)?.Minutes ?? 2,
                // No data from the checker (or from a stopped instance) is no evidence either way.
                TreatMissingData = TreatMissingData.MISSING,
            });
            alarm.AddAlarmAction(invoke, tell);
            alarm.AddOkAction(invoke, tell);
            alarms.Add(alarm);
        }

        MasterAlarms = alarms;
        Schedules = [.. config.Clusters.SelectMany(cluster => Schedule(cluster, config))];
        var others = config.Clusters.SelectMany(c => c.AlarmNames).Distinct().Order(StringComparer.Ordinal).ToArray();
        if (others.Length > 0)
        {
            StateChangeRule = new Rule(this, "AlarmStateChange", new RuleProps
            {
                Description = "Lifeguard promotion: further alarms named by the clusters",
                EventPattern = new EventPattern
                {
                    Source = ["aws.cloudwatch"],
                    DetailType = ["CloudWatch Alarm State Change"],
                    Detail = new Dictionary<string, object> { ["alarmName"] = others, ["state"] = new Dictionary<string, object> { ["value"] = new[] { "ALARM", "OK" } } },
                },
                Targets = [new LambdaFunction(Function, new LambdaFunctionProps { RetryAttempts = 0 })],
            });
        }

        Grant(config.Clusters);
        props.Notifications.GrantPublish(Function);
        FailedAlarm = new Alarm(this, "PromotionFailed", new AlarmProps
        {
            AlarmDescription = Alarms.Describe("Lifeguard: a promotion failed or the function erred; read the notification and the logs", Runbook.PromotionFailed),
            Metric = Function.MetricErrors(new MetricOptions { Statistic = "Sum", Period = Duration.Minutes(1) }),
            ComparisonOperator = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            Threshold = 1,
            EvaluationPeriods = 1,
            TreatMissingData = TreatMissingData.NOT_BREACHING,
        });
        FailedAlarm.AddAlarmAction(tell);
    }

    public Function Function { get; }

    public IReadOnlyList<Alarm> MasterAlarms { get; }

    public Rule? StateChangeRule { get; }

    /// <summary>Per cluster: the watcher every minute, and the readiness check every checkMinutes.</summary>
    public IReadOnlyList<Rule> Schedules { get; }

    private IEnumerable<Rule> Schedule(ClusterConfig cluster, PromotionConfig config)
    {
        if (config.Watch)
        {
            yield return new Rule(this, $"Watch-{cluster.Name}", new RuleProps
            {
                Description = $"Lifeguard promotion: watch the master of {cluster.Name} (rounds every {cluster.Policy.WatchIntervalSeconds} s for a minute)",
                Schedule = Amazon.CDK.AWS.Events.Schedule.Rate(Duration.Minutes(1)),
                Targets = [new LambdaFunction(Function, new LambdaFunctionProps
                {
                    Event = RuleTargetInput.FromObject(new Dictionary<string, object> { ["cluster"] = cluster.Name, ["action"] = "watch" }),
                    RetryAttempts = 0,
                    MaxEventAge = Duration.Minutes(1),
                })],
            });
        }

        if (config.CheckMinutes > 0)
        {
            yield return new Rule(this, $"Check-{cluster.Name}", new RuleProps
            {
                Description = $"Lifeguard promotion: readiness check of {cluster.Name}",
                Schedule = Amazon.CDK.AWS.Events.Schedule.Rate(Duration.Minutes(config.CheckMinutes)),
                Targets = [new LambdaFunction(Function, new LambdaFunctionProps
                {
                    Event = RuleTargetInput.FromObject(new Dictionary<string, object> { ["cluster"] = cluster.Name, ["action"] = "check" }),
                    RetryAttempts = 0,
                    MaxEventAge = Duration.Minutes(config.CheckMinutes),
                })],
            });
        }
    }

    public Alarm FailedAlarm { get; }

    /// <summary>Unique in the account and region (alarm names are), readable in a notification.</summary>
    public static string AlarmName(Stack stack, ClusterConfig cluster)
    {
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentNullException.ThrowIfNull(cluster);
        return $"{stack.StackName}-{cluster.Name}-master-down";
    }

    /// <summary>1 while the master is failing: the health check's probe of its port (1 - ProbeHealthy), or the instance's status checks.</summary>
    private static IMetric MasterMetric(ClusterConfig cluster, MasterAlarmConfig? alarm) => alarm?.ProbeGroup is { } group
        ? new MathExpression(new MathExpressionProps
        {
            Expression = "1 - healthy",
            Label = $"{cluster.Master.Name} port probe failing",
            UsingMetrics = new Dictionary<string, IMetric>
            {
                // The health check's own line: Handler, Group and Target (a metric named with fewer dimensions has no data).
                ["healthy"] = Alarms.HandlerMetric(Lifeguard.Failover.FailoverComposition.HandlerName, "ProbeHealthy", "Maximum", Duration.Minutes(1),
                    new("Group", group), new("Target", alarm.ProbeTarget!)),
            },
            Period = Duration.Minutes(1),
        })
        : new Metric(new MetricProps
        {
            Namespace = "AWS/EC2",
            MetricName = "StatusCheckFailed",
            DimensionsMap = new Dictionary<string, string> { ["InstanceId"] = cluster.Master.InstanceId! },
            Statistic = "Maximum",
            Period = Duration.Minutes(1),
        });

    /// <summary>
    /// Secrets Manager: GetSecretValue on the named secrets only. Route 53: read the zones; change only the master
    /// records and their _lifeguard-promotion and _lifeguard-readiness TXT records, only as CREATE and DELETE (the compare-and-swaps). EC2:
    /// StopInstances only on the servers of clusters whose policy stops an old master.
    /// </summary>
    private void Grant(IReadOnlyList<ClusterConfig> clusters)
    {
        var stack = Stack.Of(this);
        var secrets = clusters.Select(c => c.SecretId.StartsWith("arn:", StringComparison.Ordinal)
            ? c.SecretId
            // A secret's ARN ends in six random characters after its name.
            : stack.FormatArn(new ArnComponents { Service = "secretsmanager", Resource = "secret", ResourceName = c.SecretId + "-??????", ArnFormat = ArnFormat.COLON_RESOURCE_NAME }))
            .Distinct().ToArray();
        Function.AddToRolePolicy(Allow(["secretsmanager:GetSecretValue"], secrets));
        foreach (var zone in clusters.GroupBy(c => c.Record.ZoneId))
        {
            foreach (var statement in RecordChanges(stack.Partition, zone.Key, zone.SelectMany(c => new[] { c.Record.Name, c.Record.LockName, c.Record.ReadinessName }),
                zone.Select(c => c.Record.Type).Append("TXT"), ["CREATE", "DELETE"]))
            {
                Function.AddToRolePolicy(statement);
            }
        }

        Function.AddToRolePolicy(Allow(["route53:GetChange"], [$"arn:{stack.Partition}:route53:::change/*"]));
        var instances = clusters.Where(c => c.Policy.StopOldMasterInstance).SelectMany(c => c.Nodes).Select(n => n.InstanceId).OfType<string>()
            .Select(i => stack.FormatArn(new ArnComponents { Service = "ec2", Resource = "instance", ResourceName = i })).Distinct().ToArray();
        if (instances.Length > 0)
        {
            Function.AddToRolePolicy(Allow(["ec2:StopInstances"], instances));
        }
    }
}
