using Lifeguard.Aws.Route53;
using System.Text.Json;
using Amazon.CDK;
using Amazon.CDK.Assertions;
using Lifeguard.Cdk.Common;
using Lifeguard.Cdk.Configuration;
using Lifeguard.Cdk.Failover;
using Lifeguard.Failover.Configuration;

namespace Lifeguard.Cdk.Tests.Failover;

public sealed class HealthCheckTests
{
    [Fact]
    public void HealthCheck_Schedule_EveryMinuteWithTheCheckActionAndNoLateRetries()
    {
        var template = Template.FromStack(CreateSut(Config()));

        template.HasResourceProperties("AWS::Events::Rule", new Dictionary<string, object>
        {
            ["ScheduleExpression"] = "rate(1 minute)",
            ["Targets"] = Match.ArrayWith([Match.ObjectLike(new Dictionary<string, object>
            {
                ["Input"] = "{\"action\":\"check\"}",
                ["RetryPolicy"] = new Dictionary<string, object> { ["MaximumRetryAttempts"] = 0, ["MaximumEventAgeInSeconds"] = 60 },
            })]),
        });
        template.HasResourceProperties("AWS::Lambda::Function", new Dictionary<string, object>
        {
            ["Handler"] = "bootstrap",
            ["Timeout"] = 90,
            ["Environment"] = new Dictionary<string, object>
            {
                ["Variables"] = Match.ObjectLike(new Dictionary<string, object> { ["LIFEGUARD_HANDLER"] = "failover", ["LIFEGUARD_PROBE_INTERVAL_SECONDS"] = "10" }),
            },
        });
    }

    [Fact]
    public void HealthCheck_Runs_OneAtATimeAndARunHeldBackIsDroppedAfterTwoMinutes()
    {
        var template = Template.FromStack(CreateSut(Config()));

        template.HasResourceProperties("AWS::Lambda::Function", new Dictionary<string, object>
        {
            ["ReservedConcurrentExecutions"] = 1,
            ["Environment"] = new Dictionary<string, object> { ["Variables"] = Match.ObjectLike(new Dictionary<string, object> { ["LIFEGUARD_HANDLER"] = "failover" }) },
        });
        template.HasResourceProperties("AWS::Lambda::EventInvokeConfig", new Dictionary<string, object>
        {
            ["MaximumEventAgeInSeconds"] = 120,
            ["MaximumRetryAttempts"] = 0,
        });
    }

    [Fact]
    public void HealthCheck_GroupsVariable_IsWhatTheFunctionReads()
    {
        var template = Template.FromStack(CreateSut(Config()));

        var function = template.FindResources("AWS::Lambda::Function").Values.Single();
        var json = JsonSerializer.Serialize(function, TemplateJsonContext.Default.DictionaryStringObject);
        var variables = JsonDocument.Parse(json).RootElement.GetProperty("Properties").GetProperty("Environment").GetProperty("Variables");
        var groups = JsonSerializer.Deserialize(variables.GetProperty("LIFEGUARD_FAILOVER_GROUPS").GetString()!, Lifeguard.Failover.FailoverJsonContext.Default.IReadOnlyListFailoverGroup)!;
        Assert.Equal(["lb1", "lb2"], groups[0].Targets.Select(t => t.Name));
        Assert.Empty(FailoverGroupValidator.Validate(groups));
    }

    [Fact]
    public void HealthCheck_Route53Permissions_OnlyTheNamedRecordsTypesAndZone()
    {
        var template = Template.FromStack(CreateSut(Config()));

        template.HasResourceProperties("AWS::IAM::Policy", new Dictionary<string, object>
        {
            ["PolicyDocument"] = Match.ObjectLike(new Dictionary<string, object>
            {
                ["Statement"] = Match.ArrayWith([Match.ObjectLike(new Dictionary<string, object>
                {
                    ["Action"] = "route53:ChangeResourceRecordSets",
                    ["Resource"] = new Dictionary<string, object> { ["Fn::Join"] = new object[] { string.Empty, new object[] { "arn:", new Dictionary<string, object> { ["Ref"] = "AWS::Partition" }, ":route53:::hostedzone/Z0123456789EXAMPLE" } } },
                    ["Condition"] = new Dictionary<string, object>
                    {
                        ["ForAllValues:StringEquals"] = new Dictionary<string, object>
                        {
                            ["route53:ChangeResourceRecordSetsNormalizedRecordNames"] = new[] { "_lifeguard.lb.example.com", "lb.example.com" },
                            ["route53:ChangeResourceRecordSetsRecordTypes"] = new[] { "A", "TXT" },
                            ["route53:ChangeResourceRecordSetsActions"] = new[] { "CREATE", "DELETE", "UPSERT" },
                        },
                    },
                })]),
            }),
        });
        var statements = template.PolicyStatements();
        Assert.DoesNotContain(statements, s => s.Contains("route53:ChangeResourceRecordSets", StringComparison.Ordinal) && s.Contains("\"*\"", StringComparison.Ordinal));
        Assert.DoesNotContain(statements, s => s.Contains("ec2:", StringComparison.Ordinal));
    }

    [Fact]
    public void HealthCheck_ElasticIpPermissions_OnlyTheNamedAddressAndInstances()
    {
        var config = Config() with
        {
            Groups = [new FailoverGroup
            {
                Name = "web",
                ElasticIp = new ElasticIpConfig { AllocationId = "eipalloc-0123456789abcdef0" },
                Targets = [Target("lb1", "i-0123456789abcdef0"), Target("lb2", "i-0fedcba9876543210")],
            }],
        };

        var statements = Template.FromStack(CreateSut(config)).PolicyStatements();

        var associate = Assert.Single(statements, s => s.Contains("ec2:AssociateAddress", StringComparison.Ordinal));
        Assert.Contains("elastic-ip/eipalloc-0123456789abcdef0", associate, StringComparison.Ordinal);
        Assert.Contains("instance/i-0123456789abcdef0", associate, StringComparison.Ordinal);
        Assert.Contains("instance/i-0fedcba9876543210", associate, StringComparison.Ordinal);
        Assert.DoesNotContain("\"*\"", associate, StringComparison.Ordinal);
        Assert.Contains(statements, s => s.Contains("ec2:CreateTags", StringComparison.Ordinal) && s.Contains("lifeguard:*", StringComparison.Ordinal));
        // Cleared state keys are removed, only lifeguard: ones and only when named (DeleteTags without keys removes all).
        Assert.Contains(statements, s => s.Contains("ec2:DeleteTags", StringComparison.Ordinal) && s.Contains("lifeguard:*", StringComparison.Ordinal)
            && s.Contains("\"aws:TagKeys\":\"false\"", StringComparison.Ordinal));
        Assert.DoesNotContain(statements, s => s.Contains("route53:", StringComparison.Ordinal));
    }

    [Fact]
    public void HealthCheck_WithoutVpc_RunsOutsideAnyVpc()
    {
        var template = Template.FromStack(CreateSut(Config()));

        template.HasResourceProperties("AWS::Lambda::Function", new Dictionary<string, object> { ["VpcConfig"] = Match.Absent() });
    }

    [Fact]
    public void HealthCheck_WithVpc_PlacesTheFunctionInTheSubnetsWithTheVpcRole()
    {
        var config = Config() with { Vpc = new VpcPlacementConfig { SubnetIds = ["subnet-0123456789abcdef0"], SecurityGroupIds = ["sg-0123456789abcdef0"] } };

        var template = Template.FromStack(CreateSut(config));

        template.HasResourceProperties("AWS::Lambda::Function", new Dictionary<string, object>
        {
            ["VpcConfig"] = new Dictionary<string, object> { ["SubnetIds"] = new[] { "subnet-0123456789abcdef0" }, ["SecurityGroupIds"] = new[] { "sg-0123456789abcdef0" } },
        });
        template.HasResourceProperties("AWS::IAM::Role", new Dictionary<string, object>
        {
            ["ManagedPolicyArns"] = Match.ArrayWith([Match.ObjectLike(new Dictionary<string, object>
            {
                ["Fn::Join"] = Match.ArrayWith([Match.ArrayWith([":iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"])]),
            })]),
        });
    }

    [Fact]
    public void HealthCheck_Alarms_WhenAGroupCannotBeCheckedAndWhenTheCheckerStops()
    {
        var template = Template.FromStack(CreateSut(Config()));

        template.HasResourceProperties("AWS::CloudWatch::Alarm", new Dictionary<string, object> { ["MetricName"] = "GroupErrors", ["Namespace"] = "Lifeguard" });
        template.HasResourceProperties("AWS::CloudWatch::Alarm", new Dictionary<string, object>
        {
            ["TreatMissingData"] = "breaching",
            ["Metrics"] = Match.ArrayWith([Match.ObjectLike(new Dictionary<string, object> { ["Expression"] = "invocations - errors" })]),
        });
    }

    [Fact]
    public void HealthCheck_TooManyGroupsForTheEnvironment_FailsNamingTheField()
    {
        var groups = Enumerable.Range(0, 30).Select(i => Config().Groups[0] with { Name = $"web{i}" }).ToList();

        var ex = Assert.Throws<ConfigurationException>(() => CreateSut(Config() with { Groups = groups }));

        Assert.StartsWith("failover.groups:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LifeguardConfig_BadFailoverSection_ListsEveryProblemByField()
    {
        var config = new LifeguardConfig
        {
            StackName = "Lifeguard",
            Failover = Config() with { ProbeIntervalSeconds = 0, Groups = [Config().Groups[0] with { Failback = "sometimes" }], Vpc = new VpcPlacementConfig { SubnetIds = [], SecurityGroupIds = ["sg-1"] } },
        };

        var errors = config.Validate();

        Assert.Contains("failover.probeIntervalSeconds: 0 must be from 1 to 60 (rounds within the one-minute schedule).", errors);
        Assert.Contains("failover.groups[0].failback: 'sometimes' must be 'never' or 'after-healthy'.", errors);
        Assert.Contains(errors, e => e.StartsWith("failover.vpc.subnetIds:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("failover.vpc.securityGroupIds:", StringComparison.Ordinal));
    }

    [Fact]
    public void LifeguardConfig_Ipv6ProbeWithoutADualStackVpc_IsRefusedNamingTheProbe()
    {
        var v6 = Config().Groups[0] with
        {
            Record = new RecordConfig { HostedZoneId = "Z0123456789EXAMPLE", Name = "lb.example.com", Type = "AAAA" },
            Targets =
            [
                new() { Name = "lb1", Value = "2001:db8::10", Probe = new ProbeConfig { Url = new Uri("http://[2001:db8::10]/health") } },
                new() { Name = "lb2", Value = "2001:db8::20", Probe = new ProbeConfig { Tcp = "[2001:db8::20]:443" } },
            ],
        };
        var vpc = new VpcPlacementConfig { SubnetIds = ["subnet-0123456789abcdef0"], SecurityGroupIds = ["sg-0123456789abcdef0"] };

        var outside = new LifeguardConfig { StackName = "Lifeguard", Failover = Config() with { Groups = [v6] } }.Validate();
        var dualStack = new LifeguardConfig { StackName = "Lifeguard", Failover = Config() with { Groups = [v6], Vpc = vpc with { Ipv6AllowedForDualStack = true } } }.Validate();

        Assert.Contains(outside, e => e.StartsWith("failover.groups[0].targets[0].probe.url: an IPv6 address, which the health check cannot reach from outside a VPC", StringComparison.Ordinal));
        Assert.Contains(outside, e => e.StartsWith("failover.groups[0].targets[1].probe.tcp: an IPv6 address", StringComparison.Ordinal));
        Assert.Empty(dualStack);
        Template.FromStack(CreateSut(Config() with { Groups = [v6], Vpc = vpc with { Ipv6AllowedForDualStack = true } }))
            .HasResourceProperties("AWS::Lambda::Function", new Dictionary<string, object>
            {
                ["VpcConfig"] = Match.ObjectLike(new Dictionary<string, object> { ["Ipv6AllowedForDualStack"] = true }),
            });
    }

    private static FailoverConfig Config() => new()
    {
        Enabled = true,
        Groups = [new FailoverGroup
        {
            Name = "web",
            Record = new RecordConfig { HostedZoneId = "Z0123456789EXAMPLE", Name = "lb.example.com" },
            Targets = [Target("lb1", "192.0.2.10"), Target("lb2", "192.0.2.20")],
        }],
    };

    private static TargetConfig Target(string name, string value) =>
        new() { Name = name, Value = value, Probe = new ProbeConfig { Url = new Uri($"http://{name}.internal.example.com/health"), Body = "OK" } };

    private static Stack CreateSut(FailoverConfig config) =>
        TestStackExtensions.WithCapability(config, (stack, props) => _ = new HealthCheck(stack, "HealthCheck", props));
}
