using System.Globalization;
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
/// Restore drills: the `drill` function of the snapshots package on its own schedule, an IAM policy that lets it touch
/// only the volumes it creates (tagged `lifeguard:drill`) and, on protected volumes, only its standing tags; an alarm
/// when a protected volume has had no successful drill for drillMaxAgeDays, and one when drill runs stop succeeding.
/// </summary>
public sealed class RestoreDrills : Construct
{
    public RestoreDrills(Construct scope, string id, CapabilityProps<SnapshotsConfig> props) : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(props);
        var config = props.Config;
        var environment = new Dictionary<string, string>
        {
            ["LIFEGUARD_TOPIC_ARN"] = props.Notifications.Topic.TopicArn,
            ["LIFEGUARD_DRILL_MAX_AGE_DAYS"] = config.DrillMaxAgeDays.ToString(CultureInfo.InvariantCulture),
        };
        if (config.DrillSample is { } sample)
        {
            environment["LIFEGUARD_DRILL_SAMPLE"] = sample.ToString(CultureInfo.InvariantCulture);
        }

        if (config.DrillInstanceId is { } instanceId)
        {
            environment["LIFEGUARD_DRILL_INSTANCE_ID"] = instanceId;
        }

        if (config.DrillCommand is { } command)
        {
            environment["LIFEGUARD_DRILL_COMMAND"] = command;
        }

        // Restores and validations take minutes; what the deadline cuts off is taken first by the next run.
        Function = SnapshotsFunction.Create(this, "Drill", props, "drill", "Lifeguard: restore drills of the newest EBS snapshots", Duration.Minutes(15), environment);

        new Rule(this, "Schedule", new RuleProps
        {
            Description = "Lifeguard restore drills",
            Schedule = Schedule.Expression(config.DrillSchedule),
            Targets = [new LambdaFunction(Function, new LambdaFunctionProps { Event = RuleTargetInput.FromObject(new Dictionary<string, object>()), RetryAttempts = 2 })],
        });

        Grant(Function, config.DrillInstanceId);
        props.Notifications.GrantPublish(Function);

        MissedRunAlarm = Alarms.NoSuccessfulRun(this, "MissedRuns", Function, Duration.Days(config.DrillMissedRunAlarmDays),
            $"No restore drill run succeeded in {config.DrillMissedRunAlarmDays} days", props.Notifications);
        OverdueAlarm = new Alarm(this, "Overdue", new AlarmProps
        {
            AlarmDescription = Alarms.Describe($"A protected volume has had no successful restore drill for {config.DrillMaxAgeDays} days (the drill's alert names it)", Runbook.RestoreDrills),
            Metric = Alarms.HandlerMetric("drill", "VolumesWithoutRecentDrill", "Maximum", Duration.Days(1)),
            ComparisonOperator = ComparisonOperator.GREATER_THAN_THRESHOLD,
            Threshold = 0,
            EvaluationPeriods = 1,
            // Drills report once a run (weekly): between runs the last answer stands. A run that never comes is the
            // missed-run alarm's to report.
            TreatMissingData = TreatMissingData.IGNORE,
        });
        // No actions: the drill function itself tells the topic once per volume when it becomes overdue and once when it
        // passes again; the alarm is the standing state, for the console and the dashboard.
    }

    public Amazon.CDK.AWS.Lambda.Function Function { get; }

    public Alarm MissedRunAlarm { get; }

    public Alarm OverdueAlarm { get; }

    /// <summary>
    /// Volumes: create only with the `lifeguard:drill` tag and only from managed snapshots; attach, detach and delete only
    /// volumes carrying that tag; on any other volume, only set `lifeguard:drill-passed-at` and `lifeguard:drill-tried-at`, and set or remove
    /// `lifeguard:drill-overdue-alerted`. The drill instance: attach, detach and Run Command on it alone, and only when one
    /// is configured.
    /// </summary>
    private void Grant(Amazon.CDK.AWS.Lambda.Function function, string? instanceId)
    {
        var stack = Stack.Of(this);
        var volumes = stack.FormatArn(new ArnComponents { Service = "ec2", Resource = "volume", ResourceName = "*" });
        var snapshots = stack.FormatArn(new ArnComponents { Service = "ec2", Resource = "snapshot", ResourceName = "*", Account = string.Empty });
        var drillTagged = new Dictionary<string, object> { ["Null"] = new Dictionary<string, object> { [$"aws:ResourceTag/{DrillTags.Drill}"] = "false" } };
        function.AddToRolePolicy(Allow(["ec2:DescribeVolumes", "ec2:DescribeInstances", "ec2:DescribeSnapshots"], ["*"]));
        function.AddToRolePolicy(Allow(["ec2:CreateVolume"], [volumes],
            new() { ["Null"] = new Dictionary<string, object> { [$"aws:RequestTag/{DrillTags.Drill}"] = "false" } }));
        function.AddToRolePolicy(Allow(["ec2:CreateVolume"], [snapshots],
            new() { ["StringEquals"] = new Dictionary<string, object> { [$"aws:ResourceTag/{SnapshotTags.Managed}"] = "true" } }));
        function.AddToRolePolicy(Allow(["ec2:CreateTags"], [volumes],
            new() { ["StringEquals"] = new Dictionary<string, object> { ["ec2:CreateAction"] = "CreateVolume" } }));
        function.AddToRolePolicy(Allow(["ec2:DeleteVolume"], [volumes], drillTagged));
        // Encrypted snapshots (a customer managed key, or the account's default EBS encryption with one): EBS decrypts and
        // re-encrypts for the new volume through grants, and only by way of EC2 in this region. A key's own policy must
        // still let the account's roles use it.
        var viaEc2 = new Dictionary<string, object> { ["kms:ViaService"] = $"ec2.{Stack.Of(this).Region}.amazonaws.com" };
        function.AddToRolePolicy(Allow(["kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:ReEncrypt*"], ["*"],
            new() { ["StringEquals"] = viaEc2 }));
        function.AddToRolePolicy(Allow(["kms:CreateGrant"], ["*"], new()
        {
            ["StringEquals"] = viaEc2,
            ["Bool"] = new Dictionary<string, object> { ["kms:GrantIsForAWSResource"] = "true" },
        }));
        // The standing tags on protected volumes; the Null test refuses a DeleteTags without a tag list, which would remove all of them.
        function.AddToRolePolicy(Allow(["ec2:CreateTags"], [volumes], new()
        {
            ["ForAllValues:StringEquals"] = new Dictionary<string, object> { ["aws:TagKeys"] = new[] { DrillTags.PassedAt, DrillTags.TriedAt, DrillTags.OverdueAlerted } },
            ["Null"] = new Dictionary<string, object> { ["aws:TagKeys"] = "false" },
        }));
        function.AddToRolePolicy(Allow(["ec2:DeleteTags"], [volumes], new()
        {
            ["ForAllValues:StringEquals"] = new Dictionary<string, object> { ["aws:TagKeys"] = new[] { DrillTags.OverdueAlerted } },
            ["Null"] = new Dictionary<string, object> { ["aws:TagKeys"] = "false" },
        }));
        if (instanceId is null)
        {
            return;
        }

        var instance = stack.FormatArn(new ArnComponents { Service = "ec2", Resource = "instance", ResourceName = instanceId });
        // Attach and detach authorize the volume and the instance each: the volume by its tag, the instance by its ARN.
        function.AddToRolePolicy(Allow(["ec2:AttachVolume", "ec2:DetachVolume"], [volumes], drillTagged));
        function.AddToRolePolicy(Allow(["ec2:AttachVolume", "ec2:DetachVolume"], [instance]));
        function.AddToRolePolicy(Allow(["ssm:SendCommand"], [instance]));
        function.AddToRolePolicy(Allow(["ssm:SendCommand"],
            [stack.FormatArn(new ArnComponents { Service = "ssm", Resource = "document", ResourceName = "AWS-RunShellScript", Account = string.Empty })]));
        function.AddToRolePolicy(Allow(["ssm:GetCommandInvocation"], ["*"]));
    }
}
