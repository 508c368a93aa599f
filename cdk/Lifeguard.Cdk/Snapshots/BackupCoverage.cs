using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.Events.Targets;
using Constructs;
using Lifeguard.Aws.Sns;
using Lifeguard.Cdk.Common;
using Lifeguard.Cdk.Configuration;
using Lifeguard.Snapshots.Domain;
using static Lifeguard.Cdk.Common.Iam;

namespace Lifeguard.Cdk.Snapshots;

/// <summary>
/// The coverage check: its own function from the snapshots package (handler `coverage`, a role that can read and tag
/// but never snapshot or delete), the rule that runs `{"action":"check"}` on `coverageSchedule`, each tier's interval
/// computed here from its schedule, and an alarm while any protected volume is unprotected.
/// </summary>
public sealed class BackupCoverage : Construct
{
    /// <summary>The only tags the function writes: its memory of what it has told.</summary>
    public static readonly string[] StateTagKeys = [SnapshotTags.UnprotectedSince, SnapshotTags.UnprotectedSince + ":vol-*", SnapshotTags.BackupTagInvalid];

    /// <param name="tiers">LIFEGUARD_TIERS, the tiers with their intervals, as the other snapshot functions get them.</param>
    public BackupCoverage(Construct scope, string id, CapabilityProps<SnapshotsConfig> props, string tiers) : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(props);
        var config = props.Config;
        Function = SnapshotsFunction.Create(this, "Coverage", props, "coverage",
            "Lifeguard: alerts protected EBS volumes without a recent snapshot, and lifeguard:backup values naming no tier", Duration.Minutes(5),
            new Dictionary<string, string> { ["LIFEGUARD_TOPIC_ARN"] = props.Notifications.Topic.TopicArn, ["LIFEGUARD_TIERS"] = tiers });

        Rule = new Rule(this, "Schedule", new RuleProps
        {
            Description = "Lifeguard backup coverage check",
            Schedule = Schedule.Expression(config.CoverageSchedule),
            Targets =
            [
                new LambdaFunction(Function, new LambdaFunctionProps
                {
                    Event = RuleTargetInput.FromObject(new Dictionary<string, object> { ["action"] = "check" }),
                    RetryAttempts = 2,
                }),
            ],
        });

        Grant(Function);
        props.Notifications.GrantPublish(Function);

        var every = ScheduleInterval.Of(config.CoverageSchedule);
        UnprotectedAlarm = new Alarm(this, "Unprotected", new AlarmProps
        {
            AlarmDescription = Alarms.Describe("A protected EBS volume has no snapshot newer than twice its shortest tier's interval (see the coverage alert, or invoke coverage with {\"action\":\"status\"})", Runbook.BackupCoverage),
            // One check per period; a check reports the whole estate, so its latest value is the state.
            Metric = Alarms.HandlerMetric("coverage", "UnprotectedVolumes", "Maximum", Duration.Minutes(Math.Clamp(Math.Ceiling(every.TotalMinutes), 1, 24 * 60))),
            ComparisonOperator = ComparisonOperator.GREATER_THAN_THRESHOLD,
            Threshold = 0,
            EvaluationPeriods = 1,
            // Between two checks there is no data; the last check's answer stands.
            TreatMissingData = TreatMissingData.IGNORE,
        });
        // No actions: the check itself tells the topic once per volume (and once when it is covered again); the alarm is
        // the standing state, for the console and the dashboard.
        NotRunningAlarm = Alarms.NoSuccessfulRun(this, "NotRunning", Function, Duration.Hours(Math.Clamp(Math.Ceiling(2 * every.TotalHours), 1, 24)),
            "The Lifeguard coverage check has not completed a run: nobody is watching the backups", props.Notifications);
    }

    public Amazon.CDK.AWS.Lambda.Function Function { get; }

    public Rule Rule { get; }

    public Alarm UnprotectedAlarm { get; }

    public Alarm NotRunningAlarm { get; }

    /// <summary>The interval of the tier at <paramref name="index"/> as the functions get it (ISO 8601, e.g. `PT3H`, `P31D`).</summary>
    public static string IntervalOf(SnapshotTierConfig tier, int index)
    {
        ArgumentNullException.ThrowIfNull(tier);
        try
        {
            return TierInterval.Format(tier.ResolveInterval($"snapshots.tiers[{index}].interval"));
        }
        catch (FormatException ex)
        {
            throw new ConfigurationException($"snapshots.tiers[{index}] (tier '{tier.Name}'): no interval for the coverage check: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Reads volumes, instances and snapshots; writes only its state keys, only on volumes and instances tagged
    /// `lifeguard:backup`. DeleteTags must name its keys: without any, EC2 would remove every tag of the resource.
    /// </summary>
    private void Grant(Amazon.CDK.AWS.Lambda.Function function)
    {
        var stack = Stack.Of(this);
        var volumes = stack.FormatArn(new ArnComponents { Service = "ec2", Resource = "volume", ResourceName = "*" });
        var instances = stack.FormatArn(new ArnComponents { Service = "ec2", Resource = "instance", ResourceName = "*" });
        function.AddToRolePolicy(Allow(["ec2:DescribeVolumes", "ec2:DescribeInstances", "ec2:DescribeSnapshots"], ["*"]));
        function.AddToRolePolicy(Allow(["ec2:CreateTags", "ec2:DeleteTags"], [volumes, instances], new()
        {
            ["Null"] = new Dictionary<string, object> { ["aws:ResourceTag/lifeguard:backup"] = "false", ["aws:TagKeys"] = "false" },
            ["ForAllValues:StringLike"] = new Dictionary<string, object> { ["aws:TagKeys"] = StateTagKeys },
        }));
    }
}
