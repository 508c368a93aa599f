using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.CloudWatch.Actions;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.Events.Targets;
using Amazon.CDK.AWS.SDB;
using Constructs;
using Lifeguard.Aws.Sns;
using Lifeguard.Cdk.Common;
using Lifeguard.Cdk.Configuration;
using Lifeguard.Snapshots;
using Lifeguard.Snapshots.Domain;
using static Lifeguard.Cdk.Common.Iam;

namespace Lifeguard.Cdk.Snapshots;

/// <summary>
/// The snapshot and expire functions, one EventBridge rule per tier (its input carries the tier, retention and the
/// firing time, which names the slot), the daily expire rule, least-privilege IAM, the optional SimpleDB catalog and an
/// alarm when snapshot runs stop succeeding.
/// </summary>
public sealed class EbsSnapshots : Construct
{
    private const string BackupTag = "lifeguard:backup";

    /// <summary>On an instance, `true`: the one tag that lets the function run fsfreeze there.</summary>
    private const string FreezeAllowedTag = "lifeguard:freeze-allowed";

    public EbsSnapshots(Construct scope, string id, CapabilityProps<SnapshotsConfig> props) : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(props);
        var config = props.Config;
        var environment = new Dictionary<string, string>
        {
            ["LIFEGUARD_CATALOG"] = config.Catalog,
            ["LIFEGUARD_TOPIC_ARN"] = props.Notifications.Topic.TopicArn,
            ["LIFEGUARD_ORPHAN_RETENTION_DAYS"] = config.OrphanRetentionDays.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["LIFEGUARD_DELETE_SHARED"] = config.DeleteShared ? "true" : "false",
        };
        // Expire checks each scheduled snapshot against its tier's retention too, not only its editable tag; the tiers'
        // counts, copies and locks come the same way.
        environment["LIFEGUARD_TIERS"] = System.Text.Json.JsonSerializer.Serialize(
            [.. config.Tiers.Select((t, i) => new TierSettings
            {
                Name = t.Name, Retention = t.Retention, Keep = t.Keep, CopyTo = t.CopyTo, Lock = t.Lock, Interval = BackupCoverage.IntervalOf(t, i),
            })],
            SnapshotsJsonContext.Default.ListTierSettings);

        CfnDomain? catalog = null;
        if (config.Catalog == "simpledb")
        {
            catalog = new CfnDomain(this, "Catalog", new CfnDomainProps { Description = "Lifeguard snapshot catalog: item = snapshot id; volume, tier, expires" });
            environment["LIFEGUARD_SIMPLEDB_DOMAIN"] = catalog.Ref;
        }

        Amazon.CDK.AWS.Lambda.Function Function(string id, string handler, string description, Duration timeout) =>
            SnapshotsFunction.Create(this, id, props, handler, description, timeout, environment);
        SnapshotFunction = Function("Snapshot", "snapshot", "Lifeguard: EBS snapshots of one tier", Duration.Minutes(5));
        ExpireFunction = Function("Expire", "expire", "Lifeguard: deletes expired managed EBS snapshots", Duration.Minutes(15));

        foreach (var tier in config.Tiers)
        {
            new Rule(this, $"Tier-{tier.Name}", new RuleProps
            {
                Description = $"Lifeguard {tier.Name} snapshots, kept {tier.Retention}",
                Schedule = Schedule.Expression(tier.Schedule),
                Targets =
                [
                    new LambdaFunction(SnapshotFunction, new LambdaFunctionProps
                    {
                        Event = RuleTargetInput.FromObject(RuleInput(tier)),
                        RetryAttempts = 2,
                    }),
                ],
            });
        }

        new Rule(this, "ExpireSchedule", new RuleProps
        {
            Description = "Lifeguard snapshot expiry",
            Schedule = Schedule.Expression(config.ExpireSchedule),
            Targets = [new LambdaFunction(ExpireFunction, new LambdaFunctionProps { Event = RuleTargetInput.FromObject(new Dictionary<string, object>()), RetryAttempts = 2 })],
        });

        if (config.Tiers.Any(t => t.CopyTo is not null))
        {
            Copies = new SnapshotCopies(this, "Copies", props, environment, ExpireFunction);
            props.Notifications.GrantPublish(Copies.Function);
        }

        GrantSnapshot(SnapshotFunction, config.Tiers.Any(t => t.Lock is not null));
        GrantExpire(ExpireFunction);
        props.Notifications.GrantPublish(SnapshotFunction);
        props.Notifications.GrantPublish(ExpireFunction);
        if (catalog is not null)
        {
            var domainArn = Stack.Of(this).FormatArn(new ArnComponents { Service = "sdb", Resource = "domain", ResourceName = catalog.Ref });
            SnapshotFunction.AddToRolePolicy(Allow(["sdb:PutAttributes"], [domainArn]));
            ExpireFunction.AddToRolePolicy(Allow(["sdb:Select", "sdb:DeleteAttributes"], [domainArn]));
        }

        // A run that cannot reach every target before its deadline hands the rest to an invocation of itself. In a
        // policy of its own: the function waits for its role's default policy, which therefore cannot name it.
        new Policy(this, "FollowUpPolicy", new PolicyProps
        {
            Roles = [SnapshotFunction.Role!],
            Statements = [Allow(["lambda:InvokeFunction"], [SnapshotFunction.FunctionArn])],
        });

        MissedRunAlarm = Alarms.NoSuccessfulRun(this, "MissedRuns", SnapshotFunction, Duration.Hours(config.MissedRunAlarmHours),
            $"No snapshot run succeeded in {config.MissedRunAlarmHours} hours", props.Notifications);
        MissedExpireAlarm = Alarms.NoSuccessfulRun(this, "MissedExpiry", ExpireFunction, Duration.Days(1),
            "No snapshot expiry run succeeded on two days in a row: expired snapshots are piling up (and costing)", props.Notifications, evaluationPeriods: 2);
        var topic = new SnsAction(props.Notifications.Topic);
        foreach (var tier in config.Tiers)
        {
            // Alarm, and OK, once per event: the tier's run found nothing to snapshot (tag key mistyped, no volume tagged).
            var noTargets = new Alarm(this, $"NoTargets-{tier.Name}", new AlarmProps
            {
                AlarmDescription = Alarms.Describe($"The {tier.Name} snapshot run found no volume or instance tagged lifeguard:backup for it: nothing is being backed up in this tier", Runbook.SnapshotNoTargets),
                Metric = Alarms.HandlerMetric("snapshot", "SnapshotTargets", "Minimum", Duration.Hours(1), new KeyValuePair<string, string>("Tier", tier.Name)),
                ComparisonOperator = ComparisonOperator.LESS_THAN_THRESHOLD,
                Threshold = 1,
                EvaluationPeriods = 1,
                // Between a tier's runs there is no data: the alarm keeps its state until the next run says otherwise.
                TreatMissingData = TreatMissingData.IGNORE,
            });
            noTargets.AddAlarmAction(topic);
            noTargets.AddOkAction(topic);
        }
        if (config.RecycleBinDays > 0)
        {
            RecycleBinRule = RecycleBin(config.RecycleBinDays);
        }

        Coverage = new BackupCoverage(this, "Coverage", props, environment["LIFEGUARD_TIERS"]);
        RestoreDrills = config.DrillEnabled ? new RestoreDrills(this, "RestoreDrills", props) : null;
    }

    /// <summary>The coverage check: an alert for every protected volume without a recent snapshot.</summary>
    public BackupCoverage Coverage { get; }

    /// <summary>The restore drills; null when `drillEnabled` is false.</summary>
    public RestoreDrills? RestoreDrills { get; }

    public Amazon.CDK.AWS.Lambda.Function SnapshotFunction { get; }

    public Amazon.CDK.AWS.Lambda.Function ExpireFunction { get; }

    public Alarm MissedRunAlarm { get; }

    public Alarm MissedExpireAlarm { get; }

    /// <summary>The copies to a second region; null when no tier has `copyTo`.</summary>
    public SnapshotCopies? Copies { get; }

    /// <summary>The Recycle Bin rule behind every delete of a managed snapshot; null when `recycleBinDays` is 0.</summary>
    public CfnResource? RecycleBinRule { get; }

    /// <summary>What a tier's rule sends the snapshot function.</summary>
    private static Dictionary<string, object> RuleInput(SnapshotTierConfig tier)
    {
        var input = new Dictionary<string, object>
        {
            ["tier"] = tier.Name,
            ["retention"] = tier.Retention,
            // The firing time names the slot: a repeated delivery carries the same one.
            ["time"] = EventField.Time,
        };
        if (tier.Lock is { } mode)
        {
            input["lock"] = mode;
        }

        return input;
    }

    /// <summary>
    /// A tag-level Recycle Bin retention rule: a managed snapshot that is deleted (by expire, by a person, by a leaked
    /// key) stays recoverable for the given days. No Lifeguard role may touch Recycle Bin rules (no rbin:* action is
    /// granted anywhere), so the functions cannot weaken it. Tag-level rules cannot be locked; the README shows the
    /// Region-level rule with a lock for those who want one. (A plain CfnResource: the Amazon.CDK.Lib served here has
    /// no aws_rbin module.)
    /// </summary>
    private CfnResource RecycleBin(int days) => new(this, "RecycleBin", new CfnResourceProps
    {
        Type = "AWS::Rbin::Rule",
        Properties = new Dictionary<string, object>
        {
            ["Description"] = $"Lifeguard: deleted managed EBS snapshots stay recoverable for {days} days",
            ["ResourceType"] = "EBS_SNAPSHOT",
            ["ResourceTags"] = new[] { new Dictionary<string, object> { ["ResourceTagKey"] = "lifeguard:managed", ["ResourceTagValue"] = "true" } },
            ["RetentionPeriod"] = new Dictionary<string, object> { ["RetentionPeriodUnit"] = "DAYS", ["RetentionPeriodValue"] = days },
        },
    });

    /// <summary>
    /// Snapshots only of volumes and instances tagged `lifeguard:backup`, only as managed snapshots; tags as part of the
    /// creation, and afterwards only `lifeguard:consistency=application` on managed snapshots; freeze commands only on
    /// instances tagged `lifeguard:freeze-allowed=true`.
    /// </summary>
    /// <remarks>
    /// SendCommand with AWS-RunShellScript is root on the instance, and the instances to freeze are those with a volume
    /// tagged `lifeguard:freeze`, which IAM cannot see from the instance. So the instance itself carries the consent
    /// (`lifeguard:freeze-allowed=true`), for the instance and the volume path alike; `lifeguard:backup` alone no longer
    /// opens a shell, and an instance with nothing to freeze is never reachable.
    /// </remarks>
    private void GrantSnapshot(Amazon.CDK.AWS.Lambda.Function function, bool lockingTiers)
    {
        var stack = Stack.Of(this);
        var volumes = stack.FormatArn(new ArnComponents { Service = "ec2", Resource = "volume", ResourceName = "*" });
        var instances = stack.FormatArn(new ArnComponents { Service = "ec2", Resource = "instance", ResourceName = "*" });
        var snapshots = stack.FormatArn(new ArnComponents { Service = "ec2", Resource = "snapshot", ResourceName = "*", Account = string.Empty });
        function.AddToRolePolicy(Allow(["ec2:DescribeVolumes", "ec2:DescribeInstances", "ec2:DescribeSnapshots"], ["*"]));
        function.AddToRolePolicy(Allow(["ec2:CreateSnapshot", "ec2:CreateSnapshots"], [volumes, instances],
            new() { ["Null"] = new Dictionary<string, object> { [$"aws:ResourceTag/{BackupTag}"] = "false" } }));
        function.AddToRolePolicy(Allow(["ec2:CreateSnapshot", "ec2:CreateSnapshots"], [snapshots],
            new() { ["StringEquals"] = new Dictionary<string, object> { ["aws:RequestTag/lifeguard:managed"] = "true" } }));
        function.AddToRolePolicy(Allow(["ec2:CreateTags"], [snapshots],
            new() { ["StringEquals"] = new Dictionary<string, object> { ["ec2:CreateAction"] = new[] { "CreateSnapshot", "CreateSnapshots" } } }));
        // Only to record, once EC2 has answered, that a snapshot was taken frozen: created `crash`, raised to `application`.
        function.AddToRolePolicy(Allow(["ec2:CreateTags"], [snapshots], new()
        {
            ["StringEquals"] = new Dictionary<string, object>
            {
                ["aws:ResourceTag/lifeguard:managed"] = "true",
                ["aws:RequestTag/lifeguard:consistency"] = "application",
            },
            ["ForAllValues:StringEquals"] = new Dictionary<string, object> { ["aws:TagKeys"] = new[] { "lifeguard:consistency" } },
        }));
        // Locking tiers: lock only managed snapshots, and afterwards tag only which lock holds. LockSnapshot can also change
        // an existing lock (shorten a governance one), so it is granted only where a tier locks.
        if (lockingTiers)
        {
            // Only snapshots not yet locked (`lifeguard:lock=none`): the role cannot shorten a lock once it is set.
            function.AddToRolePolicy(Allow(["ec2:LockSnapshot"], [snapshots], new()
            {
                ["StringEquals"] = new Dictionary<string, object> { ["aws:ResourceTag/lifeguard:managed"] = "true", ["aws:ResourceTag/lifeguard:lock"] = "none" },
            }));
            function.AddToRolePolicy(Allow(["ec2:CreateTags"], [snapshots], new()
            {
                ["StringEquals"] = new Dictionary<string, object>
                {
                    ["aws:ResourceTag/lifeguard:managed"] = "true",
                    ["aws:RequestTag/lifeguard:lock"] = new[] { "compliance", "governance" },
                },
                ["ForAllValues:StringEquals"] = new Dictionary<string, object> { ["aws:TagKeys"] = new[] { "lifeguard:lock" } },
            }));
        }

        // ssm:resourceTag is the key the Run Command guide documents for restricting SendCommand by instance tag.
        function.AddToRolePolicy(Allow(["ssm:SendCommand"], [instances],
            new() { ["StringEquals"] = new Dictionary<string, object> { [$"ssm:resourceTag/{FreezeAllowedTag}"] = "true" } }));
        function.AddToRolePolicy(Allow(["ssm:SendCommand"],
            [stack.FormatArn(new ArnComponents { Service = "ssm", Resource = "document", ResourceName = "AWS-RunShellScript", Account = string.Empty })]));
        function.AddToRolePolicy(Allow(["ssm:GetCommandInvocation"], ["*"]));
    }

    /// <summary>Deletes only snapshots tagged lifeguard:managed=true.</summary>
    private void GrantExpire(Amazon.CDK.AWS.Lambda.Function function)
    {
        var snapshots = Stack.Of(this).FormatArn(new ArnComponents { Service = "ec2", Resource = "snapshot", ResourceName = "*", Account = string.Empty });
        // DescribeSnapshotAttribute: who a due snapshot is shared with, read before deleting it.
        function.AddToRolePolicy(Allow(["ec2:DescribeSnapshots", "ec2:DescribeVolumes", "ec2:DescribeImages", "ec2:DescribeSnapshotAttribute"], ["*"]));
        function.AddToRolePolicy(Allow(["ec2:DeleteSnapshot"], [snapshots],
            new() { ["StringEquals"] = new Dictionary<string, object> { ["aws:ResourceTag/lifeguard:managed"] = "true" } }));
    }
}
