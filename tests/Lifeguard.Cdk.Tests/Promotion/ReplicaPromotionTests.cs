using Lifeguard.Aws.Route53;
using System.Text.Json;
using Amazon.CDK;
using Amazon.CDK.Assertions;
using Lifeguard.Cdk.Common;
using Lifeguard.Cdk.Configuration;
using Lifeguard.Cdk.Promotion;
using Lifeguard.Promotion.Configuration;

namespace Lifeguard.Cdk.Tests.Promotion;

public sealed class ReplicaPromotionTests
{
    [Fact]
    public void ReplicaPromotion_Function_RunsInTheDatabasesVpcWithTheClustersItReads()
    {
        var template = Template.FromStack(CreateSut(Config()));

        template.HasResourceProperties("AWS::Lambda::Function", new Dictionary<string, object>
        {
            ["Handler"] = "bootstrap",
            ["VpcConfig"] = new Dictionary<string, object> { ["SubnetIds"] = new[] { "subnet-0123456789abcdef0" }, ["SecurityGroupIds"] = new[] { "sg-0123456789abcdef0" } },
            ["Environment"] = new Dictionary<string, object> { ["Variables"] = Match.ObjectLike(new Dictionary<string, object> { ["LIFEGUARD_HANDLER"] = "promotion" }) },
        });
        var variables = JsonDocument.Parse(JsonSerializer.Serialize(template.FindResources("AWS::Lambda::Function").Values.Single(), TemplateJsonContext.Default.DictionaryStringObject))
            .RootElement.GetProperty("Properties").GetProperty("Environment").GetProperty("Variables");
        var clusters = JsonSerializer.Deserialize(variables.GetProperty("LIFEGUARD_PROMOTION_CLUSTERS").GetString()!, Lifeguard.Promotion.PromotionJsonContext.Default.IReadOnlyListClusterConfig)!;
        Assert.Equal(["shop-extra-alarm", "Test-shop-master-down"], clusters.Single().AlarmNames);
        template.HasResourceProperties("AWS::IAM::Role", new Dictionary<string, object>
        {
            ["ManagedPolicyArns"] = Match.ArrayWith([Match.ObjectLike(new Dictionary<string, object>
            {
                ["Fn::Join"] = Match.ArrayWith([Match.ArrayWith(["arn:", ":iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"])]),
            })]),
        });
    }

    [Fact]
    public void ReplicaPromotion_MasterAlarm_InvokesTheFunctionOnAlarmAndOnOkAndTellsTheOperators()
    {
        var stack = CreateSut(Config());
        var template = Template.FromStack(stack);

        template.HasResourceProperties("AWS::CloudWatch::Alarm", new Dictionary<string, object>
        {
            ["AlarmName"] = "Test-shop-master-down",
            ["Namespace"] = "AWS/EC2",
            ["MetricName"] = "StatusCheckFailed",
            ["Dimensions"] = new[] { new Dictionary<string, object> { ["Name"] = "InstanceId", ["Value"] = "i-0123456789abcdef0" } },
            ["AlarmActions"] = Match.ArrayWith([Match.ObjectLike(new Dictionary<string, object> { ["Fn::GetAtt"] = Match.ArrayWith([Match.StringLikeRegexp("PromotionPromoteFunction")]) })]),
            ["OKActions"] = Match.ArrayWith([Match.ObjectLike(new Dictionary<string, object> { ["Fn::GetAtt"] = Match.ArrayWith([Match.StringLikeRegexp("PromotionPromoteFunction")]) })]),
        });
        template.HasResourceProperties("AWS::Lambda::Permission", new Dictionary<string, object> { ["Principal"] = "lambda.alarms.cloudwatch.amazonaws.com", ["Action"] = "lambda:InvokeFunction" });
        template.HasResourceProperties("AWS::Lambda::EventInvokeConfig", new Dictionary<string, object> { ["MaximumRetryAttempts"] = 0 });
        // The cluster's further alarms reach it through EventBridge; its own alarm does not (it would run twice).
        template.HasResourceProperties("AWS::Events::Rule", new Dictionary<string, object>
        {
            ["EventPattern"] = Match.ObjectLike(new Dictionary<string, object>
            {
                ["detail-type"] = new[] { "CloudWatch Alarm State Change" },
                ["detail"] = new Dictionary<string, object> { ["alarmName"] = new[] { "shop-extra-alarm" }, ["state"] = new Dictionary<string, object> { ["value"] = new[] { "ALARM", "OK" } } },
            }),
        });
    }

    [Fact]
    public void ReplicaPromotion_ProbeAlarm_WatchesTheHealthChecksProbeOfThePort()
    {
        var template = Template.FromStack(CreateSut(Config() with
        {
            MasterAlarms = new Dictionary<string, MasterAlarmConfig> { ["shop"] = new() { ProbeGroup = "shop-db", ProbeTarget = "db1", Minutes = 1 } },
        }));

        template.HasResourceProperties("AWS::CloudWatch::Alarm", new Dictionary<string, object>
        {
            ["AlarmName"] = "Test-shop-master-down",
            ["EvaluationPeriods"] = 1,
            ["Metrics"] = Match.ArrayWith([Match.ObjectLike(new Dictionary<string, object>
            {
                ["MetricStat"] = Match.ObjectLike(new Dictionary<string, object>
                {
                    // Exactly the dimensions the health check writes (Handler too): with one missing, the alarm gets no data.
                    ["Metric"] = Match.ObjectLike(new Dictionary<string, object>
                    {
                        ["Namespace"] = "Lifeguard",
                        ["MetricName"] = "ProbeHealthy",
                        ["Dimensions"] = new object[]
                        {
                            new Dictionary<string, object> { ["Name"] = "Group", ["Value"] = "shop-db" },
                            new Dictionary<string, object> { ["Name"] = "Handler", ["Value"] = "failover" },
                            new Dictionary<string, object> { ["Name"] = "Target", ["Value"] = "db1" },
                        },
                    }),
                }),
            })]),
        });
    }

    [Fact]
    public void ReplicaPromotion_Iam_TheSecretTheRecordAndItsLockOnlyAndNoStopWithoutThePolicy()
    {
        var statements = Template.FromStack(CreateSut(Config())).PolicyStatements();

        var secret = Assert.Single(statements, s => s.Contains("secretsmanager:", StringComparison.Ordinal));
        Assert.Contains("\"secretsmanager:GetSecretValue\"", secret, StringComparison.Ordinal);
        Assert.Contains(":secret:lifeguard/shop-db-??????", secret, StringComparison.Ordinal);
        var change = Assert.Single(statements, s => s.Contains("route53:ChangeResourceRecordSets\"", StringComparison.Ordinal));
        Assert.Contains("[\"_lifeguard-promotion.db-master.example.com\",\"_lifeguard-readiness.db-master.example.com\",\"db-master.example.com\"]", change, StringComparison.Ordinal);
        Assert.Contains("[\"A\",\"TXT\"]", change, StringComparison.Ordinal);
        Assert.Contains("[\"CREATE\",\"DELETE\"]", change, StringComparison.Ordinal);
        Assert.DoesNotContain(statements, s => s.Contains("ec2:StopInstances", StringComparison.Ordinal) || s.Contains("\"*\"", StringComparison.Ordinal) && !s.Contains("ec2:CreateNetworkInterface", StringComparison.Ordinal) && !s.Contains("logs:", StringComparison.Ordinal));
    }

    [Fact]
    public void ReplicaPromotion_StopOldMaster_AllowsStopInstancesOnTheClustersInstancesOnly()
    {
        var config = Config();
        var cluster = config.Clusters[0] with { Policy = new PromotionPolicyConfig { StopOldMasterInstance = true } };

        var statements = Template.FromStack(CreateSut(config with { Clusters = [cluster] })).PolicyStatements();

        var stop = Assert.Single(statements, s => s.Contains("ec2:StopInstances", StringComparison.Ordinal));
        Assert.Contains(":instance/i-0123456789abcdef0", stop, StringComparison.Ordinal);
        Assert.Contains(":instance/i-0123456789abcdef1", stop, StringComparison.Ordinal);
        Assert.DoesNotContain("instance/*", stop, StringComparison.Ordinal);
    }

    [Fact]
    public void ReplicaPromotion_Schedules_TheWatcherEveryMinuteAndTheReadinessCheckPerCluster()
    {
        var template = Template.FromStack(CreateSut(Config()));

        var rules = template.FindResources("AWS::Events::Rule").Values
            .Select(r => JsonDocument.Parse(JsonSerializer.Serialize(r, TemplateJsonContext.Default.DictionaryStringObject)).RootElement.GetProperty("Properties"))
            .Where(r => r.TryGetProperty("ScheduleExpression", out _))
            .Select(r => (Schedule: r.GetProperty("ScheduleExpression").GetString(), Input: r.GetProperty("Targets")[0].GetProperty("Input").GetString())).ToList();
        Assert.Contains(("rate(1 minute)", "{\"cluster\":\"shop\",\"action\":\"watch\"}"), rules);
        Assert.Contains(("rate(15 minutes)", "{\"cluster\":\"shop\",\"action\":\"check\"}"), rules);
        Assert.Equal(2, rules.Count);
        Assert.DoesNotContain(Template.FromStack(CreateSut(Config() with { Watch = false, CheckMinutes = 0 })).FindResources("AWS::Events::Rule").Values
            .Select(r => JsonSerializer.Serialize(r, TemplateJsonContext.Default.DictionaryStringObject)), r => r.Contains("ScheduleExpression", StringComparison.Ordinal));
    }

    [Fact]
    public void ReplicaPromotion_Timeout_CoversAMinuteOfWatchingAndAWholePromotion()
    {
        var template = Template.FromStack(CreateSut(Config()));

        var function = JsonSerializer.Serialize(template.FindResources("AWS::Lambda::Function").Values.Single(), TemplateJsonContext.Default.DictionaryStringObject);
        var timeout = JsonDocument.Parse(function).RootElement.GetProperty("Properties").GetProperty("Timeout").GetInt32();
        var policy = new PromotionPolicyConfig();
        Assert.Equal((int)Math.Ceiling(Lifeguard.Promotion.PromotionHandler.WorstCase(policy).TotalSeconds), timeout);
        Assert.True(timeout >= 55 + policy.DetectionTimeoutSeconds + policy.RelayApplyTimeoutSeconds + 30 + 15, $"{timeout}");
    }

    [Fact]
    public void Validate_TimeoutsThatCannotFitALambdaInvocation_NameThePolicyAndTheCheckSchedule()
    {
        var slow = Config().Clusters[0] with { Policy = new PromotionPolicyConfig { DetectionTimeoutSeconds = 300, RelayApplyTimeoutSeconds = 600 } };
        var config = new LifeguardConfig { StackName = "Lifeguard", Promotion = Config() with { Clusters = [slow], CheckMinutes = 2000 } };

        var errors = config.Validate();

        Assert.Contains(errors, e => e.StartsWith("promotion.clusters[0].policy: a minute of watching plus a promotion with these timeouts", StringComparison.Ordinal) && e.EndsWith("over Lambda's 900 s; lower them.", StringComparison.Ordinal));
        Assert.Contains("promotion.checkMinutes: 2000 must be from 0 (no scheduled check) to 1440.", errors);
    }

    [Fact]
    public void Validate_PromotionWithoutVpcOrAlarmSource_NamesTheFields()
    {
        var config = new LifeguardConfig
        {
            StackName = "Lifeguard",
            Promotion = Config() with
            {
                Vpc = null,
                Clusters = [Config().Clusters[0] with { Master = new NodeConfig { Name = "db1", Host = "10.0.1.10" } }],
                MasterAlarms = new Dictionary<string, MasterAlarmConfig> { ["blog"] = new() },
            },
        };

        var errors = config.Validate();

        Assert.Contains("promotion.vpc: required; the function connects to the databases, so it runs in their VPC (subnetIds and securityGroupIds).", errors);
        Assert.Contains("promotion.clusters[0].master.instanceId: needed for the master's status-check alarm (or give promotion.masterAlarms.shop with probeGroup and probeTarget).", errors);
        Assert.Contains("promotion.masterAlarms.blog: no cluster is named 'blog'.", errors);
    }

    private static PromotionConfig Config() => new()
    {
        Enabled = true,
        Vpc = new VpcPlacementConfig { SubnetIds = ["subnet-0123456789abcdef0"], SecurityGroupIds = ["sg-0123456789abcdef0"] },
        Clusters =
        [
            new ClusterConfig
            {
                Name = "shop",
                AlarmNames = ["shop-extra-alarm"],
                Record = new RecordConfig { HostedZoneId = "Z0123456789EXAMPLE", Name = "db-master.example.com" },
                Master = new NodeConfig { Name = "db1", Host = "10.0.1.10", InstanceId = "i-0123456789abcdef0" },
                Replicas = [new NodeConfig { Name = "db2", Host = "10.0.2.10", InstanceId = "i-0123456789abcdef1" }],
                SecretId = "lifeguard/shop-db",
            },
        ],
    };

    private static Stack CreateSut(PromotionConfig config) =>
        TestStackExtensions.WithCapability(config, (stack, props) => _ = new ReplicaPromotion(stack, "Promotion", props));
}
