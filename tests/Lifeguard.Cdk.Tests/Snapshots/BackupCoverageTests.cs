using System.Text.Json;
using Amazon.CDK;
using Amazon.CDK.Assertions;
using Lifeguard.Cdk.Configuration;
using Lifeguard.Cdk.Snapshots;

namespace Lifeguard.Cdk.Tests.Snapshots;

public sealed class BackupCoverageTests
{
    [Fact]
    public void BackupCoverage_DefaultTiers_GivesTheFunctionEachTiersIntervalFromItsSchedule()
    {
        var template = Template.FromStack(CreateSut(new SnapshotsConfig()));

        template.HasResourceProperties("AWS::Lambda::Function", new Dictionary<string, object>
        {
            ["Handler"] = "bootstrap",
            ["Environment"] = new Dictionary<string, object>
            {
                ["Variables"] = Match.ObjectLike(new Dictionary<string, object>
                {
                    ["LIFEGUARD_HANDLER"] = "coverage",
                    ["LIFEGUARD_TIERS"] = Match.StringLikeRegexp("\"name\":\"3-hourly\".*\"interval\":\"PT3H\".*\"name\":\"monthly\".*\"interval\":\"P31D\""),
                    ["LIFEGUARD_TOPIC_ARN"] = Match.AnyValue(),
                }),
            },
        });
    }

    [Fact]
    public void BackupCoverage_ExplicitInterval_OverridesTheSchedule()
    {
        var config = new SnapshotsConfig
        {
            Tiers = [new("daily", "rate(1 day)", "7 days"), new("month-end", "cron(0 3 L * ? *)", "1 year") { Interval = "31 days" }],
        };

        Assert.Equal(["P1D", "P31D"], config.Tiers.Select(BackupCoverage.IntervalOf));
    }

    [Fact]
    public void BackupCoverage_CalendarCronWithoutInterval_FailsTheSynthNamingTheTier()
    {
        var config = new SnapshotsConfig { Tiers = [new("month-end", "cron(0 3 L * ? *)", "1 year")] };

        var ex = Assert.Throws<ConfigurationException>(() => BackupCoverage.IntervalOf(config.Tiers[0], 0));

        Assert.Contains("snapshots.tiers[0] (tier 'month-end')", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BackupCoverage_Schedule_RunsTheCheckHourlyByDefault()
    {
        var template = Template.FromStack(CreateSut(new SnapshotsConfig()));

        template.HasResourceProperties("AWS::Events::Rule", new Dictionary<string, object>
        {
            ["ScheduleExpression"] = "rate(1 hour)",
            ["Targets"] = Match.ArrayWith([Match.ObjectLike(new Dictionary<string, object>
            {
                ["Input"] = "{\"action\":\"check\"}",
                ["RetryPolicy"] = new Dictionary<string, object> { ["MaximumRetryAttempts"] = 2 },
            })]),
        });
    }

    [Fact]
    public void BackupCoverage_CoverageSchedule_IsConfigurable()
    {
        var template = Template.FromStack(CreateSut(new SnapshotsConfig { CoverageSchedule = "cron(0 */2 * * ? *)" }));

        template.HasResourceProperties("AWS::Events::Rule", new Dictionary<string, object>
        {
            ["ScheduleExpression"] = "cron(0 */2 * * ? *)",
            ["Targets"] = Match.ArrayWith([Match.ObjectLike(new Dictionary<string, object> { ["Input"] = "{\"action\":\"check\"}" })]),
        });
        template.HasResourceProperties("AWS::CloudWatch::Alarm", new Dictionary<string, object>
        {
            ["MetricName"] = "UnprotectedVolumes",
            ["Period"] = 7200,
        });
    }

    [Fact]
    public void BackupCoverage_Role_TagsOnlyItsStateKeysOnBackupTaggedResources()
    {
        var template = Template.FromStack(CreateSut(new SnapshotsConfig()));

        var statement = Assert.Single(CoverageStatements(template), s => s.GetRawText().Contains("ec2:DeleteTags", StringComparison.Ordinal));
        Assert.Equal(["ec2:CreateTags", "ec2:DeleteTags"], statement.GetProperty("Action").EnumerateArray().Select(a => a.GetString()));
        var conditions = statement.GetProperty("Condition");
        Assert.Equal("false", conditions.GetProperty("Null").GetProperty("aws:ResourceTag/lifeguard:backup").GetString());
        // DeleteTags without keys would remove every tag of the resource.
        Assert.Equal("false", conditions.GetProperty("Null").GetProperty("aws:TagKeys").GetString());
        Assert.Equal(
            ["lifeguard:unprotected-since", "lifeguard:unprotected-since:vol-*", "lifeguard:backup-tag-invalid"],
            conditions.GetProperty("ForAllValues:StringLike").GetProperty("aws:TagKeys").EnumerateArray().Select(k => k.GetString()));
        var resources = statement.GetProperty("Resource").GetRawText();
        Assert.Contains(":volume/*", resources, StringComparison.Ordinal);
        Assert.Contains(":instance/*", resources, StringComparison.Ordinal);
        Assert.DoesNotContain(":snapshot/", resources, StringComparison.Ordinal);
    }

    [Fact]
    public void BackupCoverage_Role_CannotSnapshotDeleteOrTouchRecycleBin()
    {
        var template = Template.FromStack(CreateSut(new SnapshotsConfig()));

        var actions = CoverageStatements(template).SelectMany<JsonElement, JsonElement>(s => s.GetProperty("Action") is { ValueKind: JsonValueKind.Array } a ? [.. a.EnumerateArray()] : [s.GetProperty("Action")])
            .Select(a => a.GetString()).ToList();
        Assert.Contains("ec2:DescribeSnapshots", actions);
        Assert.Contains("sns:Publish", actions);
        Assert.DoesNotContain(actions, a => a is "ec2:CreateSnapshot" or "ec2:CreateSnapshots" or "ec2:DeleteSnapshot" or "ssm:SendCommand" || a!.StartsWith("rbin:", StringComparison.Ordinal));
    }

    [Fact]
    public void BackupCoverage_Alarm_FiresWhileAnyVolumeIsUnprotected()
    {
        var template = Template.FromStack(CreateSut(new SnapshotsConfig()));

        template.HasResourceProperties("AWS::CloudWatch::Alarm", new Dictionary<string, object>
        {
            ["Namespace"] = "Lifeguard",
            ["MetricName"] = "UnprotectedVolumes",
            ["Dimensions"] = new[] { new Dictionary<string, object> { ["Name"] = "Handler", ["Value"] = "coverage" } },
            ["Statistic"] = "Maximum",
            ["Period"] = 3600,
            ["ComparisonOperator"] = "GreaterThanThreshold",
            ["Threshold"] = 0,
            ["TreatMissingData"] = "ignore",
            // No actions: the function tells each change once itself; the alarm would tell it a second time.
            ["AlarmActions"] = Match.Absent(),
            ["OKActions"] = Match.Absent(),
        });
    }

    /// <summary>The statements of the coverage function's role (the policy that grants the state tags).</summary>
    private static List<JsonElement> CoverageStatements(Template template)
    {
        var policies = template.FindResources("AWS::IAM::Policy").Values
            .Select(p => JsonDocument.Parse(JsonSerializer.Serialize(p, TemplateJsonContext.Default.DictionaryStringObject)).RootElement)
            .Where(p => p.GetProperty("Properties").GetProperty("PolicyName").GetString()!.StartsWith("SnapshotsCoverage", StringComparison.Ordinal))
            .ToList();
        return [.. Assert.Single(policies).GetProperty("Properties").GetProperty("PolicyDocument").GetProperty("Statement").EnumerateArray()];
    }

    private static Stack CreateSut(SnapshotsConfig config) =>
        TestStackExtensions.WithCapability(config, (stack, props) => _ = new EbsSnapshots(stack, "Snapshots", props));
}
