using System.Globalization;
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
using static Lifeguard.Cdk.Common.Iam;
using Lifeguard.Cdk.Configuration;
using Lifeguard.Failover;
using Lifeguard.Failover.Configuration;

namespace Lifeguard.Cdk.Failover;

/// <summary>
/// The health check: one function run every minute (several probe rounds inside), IAM limited to the named records,
/// addresses, hook documents and instances, Route 53 health checks for the groups whose switches they confirm,
/// optional VPC placement for private targets, and alarms when a group cannot be checked or the checker itself stops running.
/// </summary>
public sealed class HealthCheck : Construct
{
    public HealthCheck(Construct scope, string id, CapabilityProps<FailoverConfig> props) : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(props);
        var config = props.Config;
        var environment = new Dictionary<string, string>
        {
            [FailoverSettings.GroupsVariable] = JsonSerializer.Serialize(config.Groups, FailoverJsonContext.Default.IReadOnlyListFailoverGroup),
            ["LIFEGUARD_TOPIC_ARN"] = props.Notifications.Topic.TopicArn,
            ["LIFEGUARD_PROBE_INTERVAL_SECONDS"] = config.ProbeIntervalSeconds.ToString(CultureInfo.InvariantCulture),
            ["LIFEGUARD_CHECK_SECONDS"] = "60",
        };
        HealthChecks = new Route53HealthChecks(this, "Route53", config.Groups);
        var sized = new Dictionary<string, string>(environment);
        if (HealthChecks.Ids.Count > 0)
        {
            environment[FailoverSettings.HealthChecksVariable] = SerializeIds(HealthChecks.Ids, id => id);
            // The ids are tokens here, shorter than the ids CloudFormation puts in their place: size them at full length.
            sized[FailoverSettings.HealthChecksVariable] = SerializeIds(HealthChecks.Ids, _ => Route53HealthChecks.IdPlaceholder);
        }

        EnvironmentSize.Check(sized, "failover.groups", props.RunbookUrl);

        // One run at a time each: a slow run and the next minute's must not both write the group's state. Rounds across
        // 60 s, then the last probes and a switch; less than two schedule periods, so runs never pile up.
        LifeguardFunctionProps Props(string description) => new()
        {
            ProjectName = "Lifeguard.Failover",
            HandlerName = FailoverComposition.HandlerName,
            Packager = props.Packager,
            Description = description,
            Timeout = Duration.Seconds(90),
            ReservedConcurrentExecutions = 1,
            MemorySizeMb = 256,
            LogRetention = props.LogRetention,
            Environment = environment,
            Vpc = config.Vpc,
        };
        Function = new LifeguardFunction(this, "Check", Props("Lifeguard: health check that moves DNS records and Elastic IPs to healthy targets")).Function;
        // By hand (status, switch) on a function of its own: the scheduled check holds its one concurrent run for most of
        // every minute, so a synchronous invoke of it would be throttled just when an operator needs it. The two write
        // the group's state by compare-and-swap, so they cannot erase each other's switch.
        ByHand = new LifeguardFunction(this, "ByHand", Props("Lifeguard: health check by hand (status, switch); the schedule runs the Check function")).Function;

        // A run held back by the one-at-a-time rule is worth little a minute later, when the next one fires: Lambda drops
        // it after 2 minutes instead of queueing checks for hours.
        Function.ConfigureAsyncInvoke(new Amazon.CDK.AWS.Lambda.EventInvokeConfigOptions { MaxEventAge = Duration.Minutes(2), RetryAttempts = 0 });

        Rule = new Rule(this, "EveryMinute", new RuleProps
        {
            Description = "Lifeguard health check",
            Schedule = Schedule.Rate(Duration.Minutes(1)),
            Targets =
            [
                new LambdaFunction(Function, new LambdaFunctionProps
                {
                    Event = RuleTargetInput.FromObject(new Dictionary<string, object> { ["action"] = "check" }),
                    // A late retry would overlap the next minute's run; the next minute is the retry.
                    RetryAttempts = 0,
                    MaxEventAge = Duration.Minutes(1),
                }),
            ],
        });

        Grant(config.Groups);
        GrantSecondOpinion();
        GrantHooks(config.Groups);
        props.Notifications.GrantPublish(Function);
        props.Notifications.GrantPublish(ByHand);

        var alarm = new SnsAction(props.Notifications.Topic);
        Alarm Tell(string id, string text, string runbook, string metric, string statistic, Duration period, int periods) =>
            Alarms.AtLeastOnce(this, id, text, runbook, Alarms.HandlerMetric(FailoverComposition.HandlerName, metric, statistic, period), periods, alarm);

        GroupErrorAlarm = Tell("GroupErrors", "Lifeguard could not check a failover group (record missing, access denied, API failing): nobody is watching it",
            Runbook.FailoverGroupErrors, "GroupErrors", "Maximum", Duration.Minutes(1), 3);
        GroupErrorAlarm.AddOkAction(alarm);
        NotRunningAlarm = Alarms.NoSuccessfulRun(this, "NotRunning", Function, Duration.Minutes(5),
            "The Lifeguard health check has not completed a run in 5 minutes: failover is not watching", props.Notifications);
        NotRunningAlarm.AddOkAction(alarm);
        // Hooks run after the switch is told, so their outcome is in no email: a failure is told by this alarm.
        HookFailureAlarm = config.Groups.Any(g => g.Hooks is not null)
            ? Tell("HookFailures", "A switch's hook (SSM document on a target) failed or did not finish: the switch stands, but what the hook does has not happened",
                Runbook.FailoverHookFailed, "HookFailures", "Sum", Duration.Minutes(5), 1)
            : null;
    }

    /// <summary>Only with hooks configured.</summary>
    public Alarm? HookFailureAlarm { get; }

    public Function Function { get; }

    /// <summary>The same code for operators' status and switch invocations, never scheduled.</summary>
    public Function ByHand { get; }

    /// <summary>Both functions do the same things to the same records and addresses.</summary>
    private void AddToRolePolicy(PolicyStatement statement)
    {
        Function.AddToRolePolicy(statement);
        ByHand.AddToRolePolicy(statement);
    }

    /// <summary>The Route 53 health checks of the groups with confirmWith "route53" (none without).</summary>
    public Route53HealthChecks HealthChecks { get; }

    public Rule Rule { get; }

    public Alarm GroupErrorAlarm { get; }

    public Alarm NotRunningAlarm { get; }

    /// <summary>
    /// Route 53: read each zone, change only the named records (and their _lifeguard state TXT) with only the record
    /// types and actions the switch uses. EC2: move only the named addresses to only the named instances or interfaces,
    /// and tag only those addresses with lifeguard: keys.
    /// </summary>
    private void Grant(IReadOnlyList<FailoverGroup> groups)
    {
        var stack = Stack.Of(this);
        foreach (var zone in groups.Where(g => g.Record is not null).GroupBy(g => g.Record!.ZoneId))
        {
            foreach (var statement in RecordChanges(stack.Partition, zone.Key, zone.SelectMany(g => new[] { g.Record!.Name, g.Record.StateName }),
                zone.Select(g => g.Record!.Type).Append("TXT"), ["CREATE", "DELETE", "UPSERT"]))
            {
                AddToRolePolicy(statement);
            }
        }

        if (groups.Any(g => g.Record is not null))
        {
            AddToRolePolicy(Allow(["route53:GetChange"], [$"arn:{stack.Partition}:route53:::change/*"]));
        }

        var addressGroups = groups.Where(g => g.ElasticIp is not null).ToList();
        if (addressGroups.Count == 0)
        {
            return;
        }

        string Arn(string resource, string name) => stack.FormatArn(new ArnComponents { Service = "ec2", Resource = resource, ResourceName = name });
        var addresses = addressGroups.Select(g => Arn("elastic-ip", g.ElasticIp!.AllocationId)).ToArray();
        var holders = addressGroups.SelectMany(g => g.Targets)
            .Select(t => Arn(t.Value.StartsWith("eni-", StringComparison.Ordinal) ? "network-interface" : "instance", t.Value)).Distinct().ToArray();
        AddToRolePolicy(Allow(["ec2:DescribeAddresses"], ["*"]));
        AddToRolePolicy(Allow(["ec2:AssociateAddress"], [.. addresses, .. holders]));
        // State in the address's lifeguard: tags: written, and removed once cleared, only those keys, and always named
        // (DeleteTags without keys would remove every tag on the address).
        AddToRolePolicy(Allow(["ec2:CreateTags", "ec2:DeleteTags"], addresses, new()
        {
            ["ForAllValues:StringLike"] = new Dictionary<string, object> { ["aws:TagKeys"] = new[] { "lifeguard:*" } },
            ["Null"] = new Dictionary<string, object> { ["aws:TagKeys"] = "false" },
        }));
    }

    /// <summary>
    /// confirmWith "route53": the health checks' metrics, read with GetMetricData, which takes no resource-level
    /// permissions ("*" is the only resource it accepts).
    /// </summary>
    private void GrantSecondOpinion()
    {
        if (HealthChecks.Ids.Count > 0)
        {
            AddToRolePolicy(Allow(["cloudwatch:GetMetricData"], ["*"]));
        }
    }

    /// <summary>
    /// Hooks: SendCommand of only the named documents to only the targets' instances (IAM checks both resources of
    /// one call), and GetCommandInvocation, which has no resource-level permissions, to read the outcome.
    /// </summary>
    private void GrantHooks(IReadOnlyList<FailoverGroup> groups)
    {
        var hookGroups = groups.Where(g => g.Hooks is not null).ToList();
        if (hookGroups.Count == 0)
        {
            return;
        }

        var stack = Stack.Of(this);
        var documents = hookGroups.SelectMany(g => new[] { g.Hooks!.OnNew, g.Hooks.OnOld }).OfType<string>()
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(d => stack.FormatArn(new ArnComponents { Service = "ssm", Resource = "document", ResourceName = d, Account = AwsOwned(d) ? string.Empty : null }));
        var instances = hookGroups.SelectMany(g => g.Targets).Select(t => t.InstanceId).OfType<string>()
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(i => stack.FormatArn(new ArnComponents { Service = "ec2", Resource = "instance", ResourceName = i }));
        AddToRolePolicy(Allow(["ssm:SendCommand"], [.. documents, .. instances]));
        AddToRolePolicy(Allow(["ssm:GetCommandInvocation"], ["*"]));
    }

    /// <summary>
    /// AWS's own documents (AWS-RunShellScript, AWSSupport-…, AmazonCloudWatch-…) have no account in their ARN. Only
    /// they carry these prefixes: SSM reserves aws, amazon and amzn as document name prefixes for AWS.
    /// </summary>
    private static bool AwsOwned(string document) =>
        new[] { "aws", "amazon", "amzn" }.Any(prefix => document.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));

    private static string SerializeIds(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> ids, Func<string, string> id) =>
        JsonSerializer.Serialize<IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>>(
            ids.ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, string>)g.Value.ToDictionary(t => t.Key, t => id(t.Value), StringComparer.Ordinal), StringComparer.Ordinal),
            FailoverJsonContext.Default.IReadOnlyDictionaryStringIReadOnlyDictionaryStringString);
}
