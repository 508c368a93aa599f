using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.CloudWatch.Actions;
using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.Events.Targets;
using Constructs;
using Lifeguard.Aws.Sns;
using Lifeguard.Cdk.Common;
using Lifeguard.Cdk.Configuration;
using static Lifeguard.Cdk.Common.Iam;

namespace Lifeguard.Cdk.Snapshots;

/// <summary>
/// Copies to a second region (tiers with `copyTo`): the hourly `copy` function, its least-privilege IAM (copy only
/// managed snapshots, only into the configured regions, only as managed snapshots; tag them only at creation and with
/// their own id), expire's right to delete managed snapshots there, and alarms when copies fail or fall a day behind.
/// </summary>
public sealed class SnapshotCopies : Construct
{
    public SnapshotCopies(Construct scope, string id, CapabilityProps<SnapshotsConfig> props, IReadOnlyDictionary<string, string> environment, Amazon.CDK.AWS.Lambda.Function expire)
        : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(props);
        ArgumentNullException.ThrowIfNull(expire);
        var stack = Stack.Of(this);
        var targets = props.Config.Tiers.Select(t => t.CopyTo).OfType<Lifeguard.Snapshots.Domain.CopyTarget>().ToList();
        var regions = targets.Select(t => t.Region).Distinct(StringComparer.Ordinal).ToList();
        string Snapshots(string region) => stack.FormatArn(new ArnComponents { Service = "ec2", Region = region, Resource = "snapshot", ResourceName = "*", Account = string.Empty });
        var destinations = regions.Select(Snapshots).ToArray();

        Function = SnapshotsFunction.Create(this, "Copy", props, "copy", "Lifeguard: copies managed EBS snapshots to a second region", Duration.Minutes(5), environment);
        new Rule(this, "Hourly", new RuleProps
        {
            Description = "Lifeguard snapshot copies to a second region",
            // Oldest first, at most 20 in flight per region: a quarter-hourly run refills the slots as copies complete.
            Schedule = Schedule.Rate(Duration.Minutes(15)),
            Targets = [new LambdaFunction(Function, new LambdaFunctionProps { Event = RuleTargetInput.FromObject(new Dictionary<string, object>()), RetryAttempts = 2 })],
        });

        Function.AddToRolePolicy(Allow(["ec2:DescribeSnapshots"], ["*"]));
        // CopySnapshot is authorised on the source (a managed snapshot here) and on the copy (created managed, there).
        Function.AddToRolePolicy(Allow(["ec2:CopySnapshot"], [Snapshots(stack.Region)],
            new() { ["StringEquals"] = new Dictionary<string, object> { ["aws:ResourceTag/lifeguard:managed"] = "true" } }));
        Function.AddToRolePolicy(Allow(["ec2:CopySnapshot"], destinations,
            new() { ["StringEquals"] = new Dictionary<string, object> { ["aws:RequestTag/lifeguard:managed"] = "true" } }));
        Function.AddToRolePolicy(Allow(["ec2:CreateTags"], destinations,
            new() { ["StringEquals"] = new Dictionary<string, object> { ["ec2:CreateAction"] = "CopySnapshot" } }));
        Function.AddToRolePolicy(Allow(["ec2:CreateTags"], destinations, new()
        {
            ["StringEquals"] = new Dictionary<string, object> { ["aws:ResourceTag/lifeguard:managed"] = "true" },
            ["ForAllValues:StringEquals"] = new Dictionary<string, object> { ["aws:TagKeys"] = new[] { "lifeguard:copy-id" } },
        }));
        foreach (var target in targets.Where(t => t.KmsKeyId is not null))
        {
            // EBS uses the key on the function's behalf through a grant, only by way of EC2 in that region.
            var conditions = new Dictionary<string, object> { ["StringEquals"] = new Dictionary<string, object> { ["kms:ViaService"] = $"ec2.{target.Region}.amazonaws.com" } };
            if (target.KmsKeyId!.StartsWith("alias/", StringComparison.Ordinal))
            {
                // KMS authorises the key, not its alias: any key of the region that carries the alias.
                conditions["ForAnyValue:StringEquals"] = new Dictionary<string, object> { ["kms:ResourceAliases"] = target.KmsKeyId };
            }

            Function.AddToRolePolicy(Allow(
                ["kms:CreateGrant", "kms:Encrypt", "kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:ReEncrypt*"],
                [KeyArn(stack, target)], conditions));
        }

        // Expire deletes the copies where they are, under the same rule: only managed snapshots.
        // Expire deletes there only the copies made from this region: another deployment's snapshots in that region are
        // not its to judge.
        expire.AddToRolePolicy(Allow(["ec2:DeleteSnapshot"], destinations, new()
        {
            ["StringEquals"] = new Dictionary<string, object>
            {
                ["aws:ResourceTag/lifeguard:managed"] = "true",
                ["aws:ResourceTag/lifeguard:source-region"] = stack.Region,
            },
        }));

        var topic = new SnsAction(props.Notifications.Topic);
        FailedAlarm = Alarm("CopiesFailed", "SnapshotCopiesFailed", "Sum", 1,
            "A snapshot copy to the second region failed; the next hourly run retries it (see the copy function's report)");
        NotRunningAlarm = Alarms.NoSuccessfulRun(this, "NotRunning", Function, Duration.Hours(2),
            "The snapshot copy function has not completed a run in 2 hours (access denied, a region blocked, a crash): no copies are being made", props.Notifications);
        NotRunningAlarm.AddOkAction(topic);
        OverdueAlarm = Alarm("CopiesOverdue", "SnapshotCopiesOverdue", "Maximum", 3,
            "Snapshots completed more than a day ago still have no copy in the second region: the region's disaster-recovery copies are behind");

        Alarm Alarm(string alarmId, string metric, string statistic, int hours, string description)
        {
            var alarm = Alarms.AtLeastOnce(this, alarmId, description, Runbook.SnapshotCopies, Alarms.HandlerMetric("copy", metric, statistic, Duration.Hours(1)), hours, topic);
            alarm.AddOkAction(topic);
            return alarm;
        }
    }

    public Amazon.CDK.AWS.Lambda.Function Function { get; }

    public Alarm FailedAlarm { get; }

    public Alarm OverdueAlarm { get; }

    public Alarm NotRunningAlarm { get; }

    /// <summary>The key as an ARN for IAM: as given, built from a key id, or every key of the region for an alias.</summary>
    private static string KeyArn(Stack stack, Lifeguard.Snapshots.Domain.CopyTarget target) => target.KmsKeyId!.StartsWith("arn:", StringComparison.Ordinal)
        ? target.KmsKeyId
        : stack.FormatArn(new ArnComponents
        {
            Service = "kms",
            Region = target.Region,
            Resource = "key",
            ResourceName = target.KmsKeyId.StartsWith("alias/", StringComparison.Ordinal) ? "*" : target.KmsKeyId,
        });
}
