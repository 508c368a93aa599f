using System.Text.Json;
using Amazon.CDK;
using Amazon.CDK.Assertions;
using Lifeguard.Cdk.Configuration;
using Lifeguard.Cdk.Snapshots;

namespace Lifeguard.Cdk.Tests.Snapshots;

public sealed class RestoreDrillsTests
{
    private const string Instance = "i-0123456789abcdef0";

    [Fact]
    public void RestoreDrills_Defaults_WeeklyRuleDrillHandlerFifteenMinutesAndNoInstance()
    {
        var template = Template.FromStack(CreateSut(new SnapshotsConfig()));

        template.HasResourceProperties("AWS::Events::Rule", new Dictionary<string, object>
        {
            ["ScheduleExpression"] = "cron(0 4 ? * SAT *)",
            ["Targets"] = Match.ArrayWith([Match.ObjectLike(new Dictionary<string, object> { ["Input"] = "{}" })]),
        });
        template.HasResourceProperties("AWS::Lambda::Function", new Dictionary<string, object>
        {
            ["Timeout"] = 900,
            ["Environment"] = new Dictionary<string, object>
            {
                ["Variables"] = Match.ObjectLike(new Dictionary<string, object>
                {
                    ["LIFEGUARD_HANDLER"] = "drill",
                    ["LIFEGUARD_DRILL_MAX_AGE_DAYS"] = "14",
                    ["LIFEGUARD_DRILL_INSTANCE_ID"] = Match.Absent(),
                    ["LIFEGUARD_TOPIC_ARN"] = Match.AnyValue(),
                }),
            },
        });
        // Without a drill instance: nothing to attach to and no shell anywhere.
        var drill = DrillStatements(template);
        Assert.DoesNotContain(drill, s => Actions(s).Any(a => a is "ec2:AttachVolume" or "ec2:DetachVolume" or "ssm:SendCommand"));
    }

    [Fact]
    public void RestoreDrills_Disabled_CreatesNoDrillFunction()
    {
        var template = Template.FromStack(CreateSut(new SnapshotsConfig { DrillEnabled = false }));

        // snapshot, expire and the coverage check; no drill function and no drill rule.
        Assert.Equal(3, template.FindResources("AWS::Lambda::Function").Count);
        template.ResourceCountIs("AWS::Events::Rule", 6);
    }

    [Fact]
    public void RestoreDrills_Settings_ReachTheFunction()
    {
        var template = Template.FromStack(CreateSut(new SnapshotsConfig
        {
            DrillInstanceId = Instance, DrillSample = 5, DrillMaxAgeDays = 30, DrillCommand = "mysqlcheck --all-databases", DrillSchedule = "rate(1 day)",
        }));

        template.HasResourceProperties("AWS::Lambda::Function", new Dictionary<string, object>
        {
            ["Environment"] = new Dictionary<string, object>
            {
                ["Variables"] = Match.ObjectLike(new Dictionary<string, object>
                {
                    ["LIFEGUARD_HANDLER"] = "drill",
                    ["LIFEGUARD_DRILL_INSTANCE_ID"] = Instance,
                    ["LIFEGUARD_DRILL_SAMPLE"] = "5",
                    ["LIFEGUARD_DRILL_MAX_AGE_DAYS"] = "30",
                    ["LIFEGUARD_DRILL_COMMAND"] = "mysqlcheck --all-databases",
                }),
            },
        });
        template.HasResourceProperties("AWS::Events::Rule", new Dictionary<string, object> { ["ScheduleExpression"] = "rate(1 day)" });
    }

    [Fact]
    public void RestoreDrills_Role_DestroysOnlyDrillTaggedVolumesAndCreatesOnlyTaggedOnesFromManagedSnapshots()
    {
        var drill = DrillStatements(Template.FromStack(CreateSut(new SnapshotsConfig { DrillInstanceId = Instance })));

        var deletes = drill.Where(s => Actions(s).Contains("ec2:DeleteVolume")).ToList();
        Assert.Equal("false", Assert.Single(deletes).GetProperty("Condition").GetProperty("Null").GetProperty("aws:ResourceTag/lifeguard:drill").GetString());
        var volumeSide = drill.Where(s => Actions(s).Contains("ec2:DetachVolume") && Resources(s).Any(r => r.Contains(":volume/", StringComparison.Ordinal))).ToList();
        Assert.Equal("false", Assert.Single(volumeSide).GetProperty("Condition").GetProperty("Null").GetProperty("aws:ResourceTag/lifeguard:drill").GetString());
        var creates = drill.Where(s => Actions(s).Contains("ec2:CreateVolume")).ToList();
        Assert.Equal(2, creates.Count);
        Assert.Contains(creates, s => s.GetProperty("Condition").TryGetProperty("Null", out var n) && n.GetProperty("aws:RequestTag/lifeguard:drill").GetString() == "false");
        Assert.Contains(creates, s => s.GetProperty("Condition").TryGetProperty("StringEquals", out var e) && e.GetProperty("aws:ResourceTag/lifeguard:managed").GetString() == "true");
        // No destructive volume action anywhere without a condition, and nothing on snapshots but creating from them.
        Assert.All(drill.Where(s => Actions(s).Any(a => a is "ec2:DeleteVolume" or "ec2:CreateVolume" or "ec2:CreateTags" or "ec2:DeleteTags")),
            s => Assert.True(s.TryGetProperty("Condition", out _), s.GetRawText()));
        Assert.DoesNotContain(drill, s => Actions(s).Any(a => a is "ec2:DeleteSnapshot" or "ec2:CreateSnapshot" or "ec2:ModifyVolume" or "ec2:*" or "*"));
    }

    [Fact]
    public void RestoreDrills_Role_TagsProtectedVolumesOnlyWithItsStandingKeys()
    {
        var drill = DrillStatements(Template.FromStack(CreateSut(new SnapshotsConfig())));

        var tagging = drill.Where(s => Actions(s).Any(a => a is "ec2:CreateTags" or "ec2:DeleteTags")).ToList();
        Assert.Equal(3, tagging.Count);
        foreach (var statement in tagging)
        {
            var condition = statement.GetProperty("Condition");
            if (condition.TryGetProperty("StringEquals", out var atCreation))
            {
                Assert.Equal("CreateVolume", atCreation.GetProperty("ec2:CreateAction").GetString());
                continue;
            }

            var keys = condition.GetProperty("ForAllValues:StringEquals").GetProperty("aws:TagKeys").EnumerateArray().Select(k => k.GetString()).ToList();
            Assert.All(keys, k => Assert.Contains(k, new[] { "lifeguard:drill-passed-at", "lifeguard:drill-tried-at", "lifeguard:drill-overdue-alerted" }));
            Assert.Equal("false", condition.GetProperty("Null").GetProperty("aws:TagKeys").GetString());
            if (Actions(statement).Contains("ec2:DeleteTags"))
            {
                Assert.Equal(["lifeguard:drill-overdue-alerted"], keys);
            }
        }
    }

    [Fact]
    public void RestoreDrills_Role_AttachesAndRunsCommandsOnlyOnTheDrillInstance()
    {
        var drill = DrillStatements(Template.FromStack(CreateSut(new SnapshotsConfig { DrillInstanceId = Instance })));

        var instanceSide = drill.Where(s => Resources(s).Any(r => r.Contains(":instance/", StringComparison.Ordinal))).ToList();
        Assert.NotEmpty(instanceSide);
        Assert.All(instanceSide, s => Assert.All(Resources(s), r => Assert.EndsWith($":instance/{Instance}", r, StringComparison.Ordinal)));
        Assert.Contains(instanceSide, s => Actions(s).Contains("ec2:AttachVolume") && Actions(s).Contains("ec2:DetachVolume"));
        var sendCommands = drill.Where(s => Actions(s).Contains("ssm:SendCommand")).ToList();
        Assert.Equal(2, sendCommands.Count);
        Assert.All(sendCommands, s => Assert.All(Resources(s), r => Assert.True(
            r.EndsWith($":instance/{Instance}", StringComparison.Ordinal) || r.EndsWith("document/AWS-RunShellScript", StringComparison.Ordinal), r)));
    }

    [Fact]
    public void RestoreDrills_Alarms_OnOverdueVolumesAndOnRunsThatStopSucceeding()
    {
        var template = Template.FromStack(CreateSut(new SnapshotsConfig { DrillMissedRunAlarmDays = 7 }));

        template.HasResourceProperties("AWS::CloudWatch::Alarm", new Dictionary<string, object>
        {
            ["MetricName"] = "VolumesWithoutRecentDrill",
            ["Namespace"] = "Lifeguard",
            ["Dimensions"] = new[] { new Dictionary<string, object> { ["Name"] = "Handler", ["Value"] = "drill" } },
            ["ComparisonOperator"] = "GreaterThanThreshold",
            ["Threshold"] = 0,
            ["TreatMissingData"] = "ignore",
            // No actions: the function tells each change once itself; the alarm would tell it a second time.
            ["AlarmActions"] = Match.Absent(),
            ["OKActions"] = Match.Absent(),
        });
        template.HasResourceProperties("AWS::CloudWatch::Alarm", new Dictionary<string, object>
        {
            ["AlarmDescription"] = "No restore drill run succeeded in 7 days. Runbook: not-running (README.md#not-running)",
            ["ComparisonOperator"] = "LessThanThreshold",
            ["TreatMissingData"] = "breaching",
            ["Metrics"] = Match.ArrayWith([Match.ObjectLike(new Dictionary<string, object> { ["Expression"] = "invocations - errors" })]),
        });
    }

    [Theory]
    [InlineData("""{"drillSchedule":"weekly"}""", "snapshots.drillSchedule")]
    [InlineData("""{"drillMaxAgeDays":0}""", "snapshots.drillMaxAgeDays")]
    [InlineData("""{"drillSample":0}""", "snapshots.drillSample")]
    [InlineData("""{"drillInstanceId":"db1"}""", "snapshots.drillInstanceId")]
    [InlineData("""{"drillCommand":"fsck"}""", "snapshots.drillCommand")]
    [InlineData("""{"drillInstanceId":"i-0123456789abcdef0","drillCommand":" "}""", "snapshots.drillCommand")]
    [InlineData("""{"drillMissedRunAlarmDays":8}""", "snapshots.drillMissedRunAlarmDays")]
    public void Parse_BadDrillSetting_NamesTheField(string snapshots, string field)
    {
        var ex = Assert.Throws<ConfigurationException>(() => LifeguardConfigLoader.Parse($$"""{"stackName":"Lifeguard","snapshots":{{snapshots}}}""", "test.json"));

        Assert.Contains(field, ex.Message, StringComparison.Ordinal);
    }

    /// <summary>The statements of the drill function's role alone.</summary>
    private static List<JsonElement> DrillStatements(Template template)
    {
        var roles = template.FindResources("AWS::IAM::Role");
        var functions = template.FindResources("AWS::Lambda::Function").Values
            .Select(f => JsonDocument.Parse(JsonSerializer.Serialize(f, TemplateJsonContext.Default.DictionaryStringObject)).RootElement.GetProperty("Properties"));
        var drillRole = functions.Single(f => f.GetProperty("Environment").GetProperty("Variables").GetProperty("LIFEGUARD_HANDLER").GetString() == "drill")
            .GetProperty("Role").GetProperty("Fn::GetAtt")[0].GetString();
        Assert.Contains(drillRole!, roles.Keys);
        return [.. template.FindResources("AWS::IAM::Policy").Values
            .Select(p => JsonDocument.Parse(JsonSerializer.Serialize(p, TemplateJsonContext.Default.DictionaryStringObject)).RootElement.GetProperty("Properties"))
            .Where(p => p.GetProperty("Roles").EnumerateArray().Any(r => r.GetProperty("Ref").GetString() == drillRole))
            .SelectMany(p => p.GetProperty("PolicyDocument").GetProperty("Statement").EnumerateArray())];
    }

    private static List<string> Actions(JsonElement statement) => Strings(statement.GetProperty("Action"));

    private static List<string> Resources(JsonElement statement) => Strings(statement.GetProperty("Resource"));

    /// <summary>A string, an array of strings, or an Fn::Join of parts (an ARN with the partition and region), as text.</summary>
    private static List<string> Strings(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => [value.GetString()!],
        JsonValueKind.Array => [.. value.EnumerateArray().SelectMany(Strings)],
        JsonValueKind.Object when value.TryGetProperty("Fn::Join", out var join) => [string.Concat(join[1].EnumerateArray().Select(p => p.ValueKind == JsonValueKind.String ? p.GetString() : "x"))],
        _ => [value.GetRawText()],
    };

    private static Stack CreateSut(SnapshotsConfig config) =>
        TestStackExtensions.WithCapability(config, (stack, props) => _ = new EbsSnapshots(stack, "Snapshots", props));
}
