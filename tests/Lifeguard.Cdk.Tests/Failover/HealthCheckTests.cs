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

    /// <summary>The scheduled check holds its one run most of every minute: an operator's status or switch goes to a twin that is never scheduled.</summary>
    [Fact]
    public void HealthCheck_ByHand_IsATwinWithTheSameSettingsOneRunAtATimeAndNoSchedule()
    {
        var stack = CreateSut(Config());
        var template = Template.FromStack(stack);

        var functions = template.FindResources("AWS::Lambda::Function");
        Assert.Equal(2, functions.Count);
        var properties = functions.Values.Select(f => Json(f).GetProperty("Properties")).ToList();
        Assert.All(properties, p => Assert.Equal(1, p.GetProperty("ReservedConcurrentExecutions").GetInt32()));
        Assert.Equal(properties[0].GetProperty("Environment").GetRawText(), properties[1].GetProperty("Environment").GetRawText());
        var rule = Json(template.FindResources("AWS::Events::Rule").Values.Single()).GetProperty("Properties").GetProperty("Targets")[0].GetProperty("Arn").GetRawText();
        var byHand = stack.GetLogicalId((Amazon.CDK.AWS.Lambda.CfnFunction)((HealthCheck)stack.Node.FindChild("HealthCheck")).ByHand.Node.DefaultChild!);
        Assert.DoesNotContain(byHand, rule, StringComparison.Ordinal);
    }

    [Fact]
    public void HealthCheck_GroupsVariable_IsWhatTheFunctionReads()
    {
        var template = Template.FromStack(CreateSut(Config()));

        var function = template.FindResources("AWS::Lambda::Function").Values.First();
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

    [Fact]
    public void HealthCheck_ConfirmWithHttpProbes_Route53ChecksTheSameAddressHostPathAndBody()
    {
        var group = Config().Groups[0] with
        {
            ConfirmWith = "route53",
            FailThreshold = 2,
            Targets =
            [
                new() { Name = "lb1", Value = "203.0.113.10", Probe = new ProbeConfig { Url = new Uri("https://203.0.113.10:8443/health?deep=1"), HostHeader = "lb.example.com", Body = "OK" } },
                new() { Name = "lb2", Value = "203.0.113.20", Probe = new ProbeConfig { Url = new Uri("http://lb2.example.com/health") } },
            ],
        };

        var template = Template.FromStack(CreateSut(Config() with { Groups = [group] }));

        template.ResourceCountIs("AWS::Route53::HealthCheck", 2);
        template.HasResourceProperties("AWS::Route53::HealthCheck", new Dictionary<string, object>
        {
            ["HealthCheckConfig"] = new Dictionary<string, object>
            {
                ["Type"] = "HTTPS_STR_MATCH",
                ["IPAddress"] = "203.0.113.10",
                // Sent as the Host header and TLS server name, as the probe's hostHeader is.
                ["FullyQualifiedDomainName"] = "lb.example.com",
                ["Port"] = 8443,
                ["ResourcePath"] = "/health?deep=1",
                ["SearchString"] = "OK",
                ["EnableSNI"] = true,
                ["RequestInterval"] = 30,
                ["FailureThreshold"] = 2,
                ["MeasureLatency"] = false,
            },
            ["HealthCheckTags"] = new[] { new Dictionary<string, object> { ["Key"] = "Name", ["Value"] = "lifeguard web lb1" } },
        });
        template.HasResourceProperties("AWS::Route53::HealthCheck", new Dictionary<string, object>
        {
            ["HealthCheckConfig"] = new Dictionary<string, object>
            {
                ["Type"] = "HTTP",
                // By name: Route 53 resolves it, as the probe does.
                ["IPAddress"] = Match.Absent(),
                ["FullyQualifiedDomainName"] = "lb2.example.com",
                ["Port"] = 80,
                ["ResourcePath"] = "/health",
                ["SearchString"] = Match.Absent(),
                ["EnableSNI"] = Match.Absent(),
                ["RequestInterval"] = 30,
                ["FailureThreshold"] = 2,
                ["MeasureLatency"] = false,
            },
            ["HealthCheckTags"] = new[] { new Dictionary<string, object> { ["Key"] = "Name", ["Value"] = "lifeguard web lb2" } },
        });
        // No region list: Route 53 checks from all of its checker regions.
        template.AllResourcesProperties("AWS::Route53::HealthCheck", new Dictionary<string, object>
        {
            ["HealthCheckConfig"] = Match.ObjectLike(new Dictionary<string, object> { ["Regions"] = Match.Absent() }),
        });
    }

    [Fact]
    public void HealthCheck_ConfirmWithTcpProbes_Route53ConnectsToTheSameHostAndPort()
    {
        var group = Config().Groups[0] with
        {
            ConfirmWith = "route53",
            Targets =
            [
                new() { Name = "db1", Value = "203.0.113.31", Probe = new ProbeConfig { Tcp = "db1.example.com:3306" } },
                new() { Name = "db2", Value = "203.0.113.32", Probe = new ProbeConfig { Tcp = "203.0.113.32:3306" } },
            ],
        };

        var template = Template.FromStack(CreateSut(Config() with { Groups = [group] }));

        template.HasResourceProperties("AWS::Route53::HealthCheck", new Dictionary<string, object>
        {
            ["HealthCheckConfig"] = new Dictionary<string, object>
            {
                ["Type"] = "TCP",
                ["IPAddress"] = Match.Absent(),
                ["FullyQualifiedDomainName"] = "db1.example.com",
                ["Port"] = 3306,
                ["ResourcePath"] = Match.Absent(),
                ["RequestInterval"] = 30,
                ["FailureThreshold"] = 3,
                ["MeasureLatency"] = false,
            },
        });
        template.HasResourceProperties("AWS::Route53::HealthCheck", new Dictionary<string, object>
        {
            ["HealthCheckConfig"] = new Dictionary<string, object>
            {
                ["Type"] = "TCP",
                ["IPAddress"] = "203.0.113.32",
                ["FullyQualifiedDomainName"] = Match.Absent(),
                ["Port"] = 3306,
                ["ResourcePath"] = Match.Absent(),
                ["RequestInterval"] = 30,
                ["FailureThreshold"] = 3,
                ["MeasureLatency"] = false,
            },
        });
    }

    [Fact]
    public void HealthCheck_HealthChecksVariable_MapsEachGroupAndTargetToItsHealthCheck()
    {
        var confirmed = Config().Groups[0] with { ConfirmWith = "route53" };
        var unconfirmed = Config().Groups[0] with { Name = "api", Record = new RecordConfig { HostedZoneId = "Z0123456789EXAMPLE", Name = "api.example.com" } };

        var template = Template.FromStack(CreateSut(Config() with { Groups = [confirmed, unconfirmed] }));

        var checks = template.FindResources("AWS::Route53::HealthCheck").ToDictionary(
            r => Json(r.Value).GetProperty("Properties").GetProperty("HealthCheckTags")[0].GetProperty("Value").GetString()!, r => r.Key);
        var json = Resolve(Variables(template).GetProperty(Lifeguard.Failover.FailoverSettings.HealthChecksVariable));
        var ids = JsonSerializer.Deserialize(json, Lifeguard.Failover.FailoverJsonContext.Default.IReadOnlyDictionaryStringIReadOnlyDictionaryStringString)!;
        Assert.Equal(["web"], ids.Keys);
        Assert.Equal($"{{Ref:{checks["lifeguard web lb1"]}}}", ids["web"]["lb1"]);
        Assert.Equal($"{{Ref:{checks["lifeguard web lb2"]}}}", ids["web"]["lb2"]);
    }

    [Fact]
    public void HealthCheck_WithoutConfirmWith_NoHealthChecksVariableOrMetricsPermission()
    {
        var template = Template.FromStack(CreateSut(Config()));

        template.ResourceCountIs("AWS::Route53::HealthCheck", 0);
        Assert.False(Variables(template).TryGetProperty(Lifeguard.Failover.FailoverSettings.HealthChecksVariable, out _));
        Assert.DoesNotContain(template.PolicyStatements(), s => s.Contains("cloudwatch:", StringComparison.Ordinal));
    }

    [Fact]
    public void HealthCheck_WithConfirmWith_MayReadMetricsWhichTakeNoResource()
    {
        var template = Template.FromStack(CreateSut(Config() with { Groups = [Config().Groups[0] with { ConfirmWith = "route53" }] }));

        var statement = Assert.Single(template.PolicyStatements(), s => s.Contains("cloudwatch:", StringComparison.Ordinal));
        Assert.Equal("cloudwatch:GetMetricData", JsonDocument.Parse(statement).RootElement.GetProperty("Action").GetString());
        Assert.Equal("*", JsonDocument.Parse(statement).RootElement.GetProperty("Resource").GetString());
    }

    [Fact]
    public void HealthCheck_Hooks_SendOnlyTheNamedDocumentsToOnlyTheTargetsInstances()
    {
        var eip = new FailoverGroup
        {
            Name = "web",
            ElasticIp = new ElasticIpConfig { AllocationId = "eipalloc-0123456789abcdef0" },
            Targets = [Target("lb1", "i-0123456789abcdef0"), Target("lb2", "i-0fedcba9876543210")],
            Hooks = new SwitchHooksConfig { OnNew = "Lifeguard-TakeOver", OnOld = "AWS-UpdateSSMAgent" },
        };
        var record = Config().Groups[0] with
        {
            Name = "db",
            Record = new RecordConfig { HostedZoneId = "Z0123456789EXAMPLE", Name = "db.example.com" },
            Targets = [Target("db1", "192.0.2.31") with { InstanceId = "i-0aaaaaaaaaaaaaaaa" }, Target("db2", "192.0.2.32") with { InstanceId = "i-0bbbbbbbbbbbbbbbb" }],
            Hooks = new SwitchHooksConfig { OnNew = "Lifeguard-TakeOver" },
        };

        var statements = Template.FromStack(CreateSut(Config() with { Groups = [eip, record] })).PolicyStatements();

        var send = Assert.Single(statements, s => s.Contains("ssm:SendCommand", StringComparison.Ordinal));
        Assert.Equal(
            [
                "arn:{Ref:AWS::Partition}:ec2:{Ref:AWS::Region}:{Ref:AWS::AccountId}:instance/i-0123456789abcdef0",
                "arn:{Ref:AWS::Partition}:ec2:{Ref:AWS::Region}:{Ref:AWS::AccountId}:instance/i-0aaaaaaaaaaaaaaaa",
                "arn:{Ref:AWS::Partition}:ec2:{Ref:AWS::Region}:{Ref:AWS::AccountId}:instance/i-0bbbbbbbbbbbbbbbb",
                "arn:{Ref:AWS::Partition}:ec2:{Ref:AWS::Region}:{Ref:AWS::AccountId}:instance/i-0fedcba9876543210",
                // AWS's own documents have no account in their ARN.
                "arn:{Ref:AWS::Partition}:ssm:{Ref:AWS::Region}::document/AWS-UpdateSSMAgent",
                "arn:{Ref:AWS::Partition}:ssm:{Ref:AWS::Region}:{Ref:AWS::AccountId}:document/Lifeguard-TakeOver",
            ],
            JsonDocument.Parse(send).RootElement.GetProperty("Resource").EnumerateArray().Select(Resolve).Order(StringComparer.Ordinal));
        var poll = Assert.Single(statements, s => s.Contains("ssm:GetCommandInvocation", StringComparison.Ordinal));
        Assert.Equal("*", JsonDocument.Parse(poll).RootElement.GetProperty("Resource").GetString());
        Assert.Equal(2, statements.Count(s => s.Contains("ssm:", StringComparison.Ordinal)));
    }

    [Fact]
    public void HealthCheck_Hooks_AFailedHookAlarmsTheTopicNamingItsRunbookEntry()
    {
        var group = Config().Groups[0] with
        {
            Targets = [Target("lb1", "192.0.2.10") with { InstanceId = "i-0aaaaaaaaaaaaaaaa" }, Target("lb2", "192.0.2.20") with { InstanceId = "i-0bbbbbbbbbbbbbbbb" }],
            Hooks = new SwitchHooksConfig { OnNew = "Lifeguard-TakeOver" },
        };

        var template = Template.FromStack(CreateSut(Config() with { Groups = [group] }));

        // Hooks run after the switch is told: without this alarm a failed one is only in the log.
        template.HasResourceProperties("AWS::CloudWatch::Alarm", new Dictionary<string, object>
        {
            ["MetricName"] = "HookFailures",
            ["Dimensions"] = new object[] { new Dictionary<string, object> { ["Name"] = "Handler", ["Value"] = "failover" } },
            ["Statistic"] = "Sum",
            ["Threshold"] = 1,
            ["AlarmActions"] = Match.AnyValue(),
            ["AlarmDescription"] = Match.StringLikeRegexp("Runbook: failover-hook-failed \\(README.md#failover-hook-failed\\)$"),
        });
        Assert.Empty(Template.FromStack(CreateSut(Config())).FindResources("AWS::CloudWatch::Alarm", new Dictionary<string, object>
        {
            ["Properties"] = new Dictionary<string, object> { ["MetricName"] = "HookFailures" },
        }));
    }

    [Fact]
    public void HealthCheck_WithoutHooks_NoSsmPermissions()
    {
        var statements = Template.FromStack(CreateSut(Config())).PolicyStatements();

        Assert.DoesNotContain(statements, s => s.Contains("ssm:", StringComparison.Ordinal));
    }

    [Fact]
    public void LifeguardConfig_ConfirmWithAndAPrivateAddress_IsRefusedNamingTheProbe()
    {
        var group = Config().Groups[0] with
        {
            ConfirmWith = "route53",
            Targets =
            [
                new() { Name = "lb1", Value = "203.0.113.10", Probe = new ProbeConfig { Url = new Uri("http://203.0.113.10/health") } },
                new() { Name = "lb2", Value = "10.0.0.5", Probe = new ProbeConfig { Url = new Uri("http://10.0.0.5/health"), HostHeader = "lb.example.com" } },
            ],
        };

        var confirmed = new LifeguardConfig { StackName = "Lifeguard", Failover = Config() with { Groups = [group], Vpc = Vpc } }.Validate();
        var unconfirmed = new LifeguardConfig { StackName = "Lifeguard", Failover = Config() with { Groups = [group with { ConfirmWith = null }], Vpc = Vpc } }.Validate();

        var error = Assert.Single(confirmed);
        Assert.StartsWith("failover.groups[0].targets[1].probe.url: 10.0.0.5 is a private address, which Route 53's health checkers cannot reach", error, StringComparison.Ordinal);
        Assert.Contains("Drop confirmWith for this group, or probe a public address.", error, StringComparison.Ordinal);
        Assert.Empty(unconfirmed);
    }

    [Theory]
    [InlineData("10.1.2.3", "private")]
    [InlineData("172.16.0.1", "private")]
    [InlineData("172.31.255.254", "private")]
    [InlineData("192.168.1.20", "private")]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("169.254.169.254", "link-local")]
    [InlineData("100.64.0.1", "shared (carrier-grade NAT)")]
    [InlineData("100.127.255.254", "shared (carrier-grade NAT)")]
    [InlineData("[fd12:3456::1]", "private (unique local)")]
    [InlineData("[fc00::1]", "private (unique local)")]
    [InlineData("[fe80::1]", "link-local")]
    [InlineData("[::1]", "loopback")]
    [InlineData("[::ffff:10.0.0.1]", "private")]
    public void LifeguardConfig_ConfirmWithTcpProbeOfANonPublicAddress_IsRefused(string host, string kind)
    {
        var errors = ValidateConfirmedTcp(host);

        Assert.Contains(errors, e => e.StartsWith($"failover.groups[0].targets[1].probe.tcp: {host.Trim('[', ']')} is a {kind} address", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("203.0.113.7")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("11.0.0.1")]
    [InlineData("[2001:db8::7]")]
    [InlineData("db.example.com")]
    public void LifeguardConfig_ConfirmWithTcpProbeOfAPublicAddressOrName_IsAccepted(string host)
    {
        var errors = ValidateConfirmedTcp(host);

        Assert.DoesNotContain(errors, e => e.Contains("Route 53", StringComparison.Ordinal));
    }

    [Fact]
    public void LifeguardConfig_ConfirmWithHostHeaderOnANamedUrl_IsRefusedNamingTheField()
    {
        var group = Config().Groups[0] with
        {
            ConfirmWith = "route53",
            Targets = [Target("lb1", "192.0.2.10") with { Probe = new ProbeConfig { Url = new Uri("http://lb1.example.com/health"), HostHeader = "lb.example.com" } }, Target("lb2", "192.0.2.20")],
        };

        var errors = new LifeguardConfig { StackName = "Lifeguard", Failover = Config() with { Groups = [group] } }.Validate();

        Assert.StartsWith("failover.groups[0].targets[0].probe.hostHeader: Route 53 sends a Host header other than the URL's host only to an address", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void HealthCheck_ConfirmWithAndHooks_ValidConfigurationSynthesizes()
    {
        var group = new FailoverGroup
        {
            Name = "web",
            ElasticIp = new ElasticIpConfig { AllocationId = "eipalloc-0123456789abcdef0" },
            Targets =
            [
                new() { Name = "lb1", Value = "i-0123456789abcdef0", Probe = new ProbeConfig { Url = new Uri("https://203.0.113.10/health"), HostHeader = "lb.example.com", Body = "OK" } },
                new() { Name = "lb2", Value = "i-0fedcba9876543210", Probe = new ProbeConfig { Tcp = "203.0.113.20:443" } },
            ],
            ConfirmWith = "route53",
            Hooks = new SwitchHooksConfig { OnNew = "Lifeguard-TakeOver", OnOld = "Lifeguard-Demote", TimeoutSeconds = 60 },
        };
        var config = Config() with { Groups = [group] };

        Assert.Empty(new LifeguardConfig { StackName = "Lifeguard", Failover = config }.Validate());
        var template = Template.FromStack(CreateSut(config));

        template.ResourceCountIs("AWS::Route53::HealthCheck", 2);
        var groups = JsonSerializer.Deserialize(Variables(template).GetProperty("LIFEGUARD_FAILOVER_GROUPS").GetString()!, Lifeguard.Failover.FailoverJsonContext.Default.IReadOnlyListFailoverGroup)!;
        Assert.Equal("route53", groups[0].ConfirmWith);
        Assert.Equal("Lifeguard-TakeOver", groups[0].Hooks?.OnNew);
        Assert.Empty(FailoverGroupValidator.Validate(groups));
    }

    private static IReadOnlyList<string> ValidateConfirmedTcp(string host)
    {
        var group = Config().Groups[0] with
        {
            ConfirmWith = "route53",
            Targets = [Target("lb1", "192.0.2.10"), Target("lb2", "192.0.2.20") with { Probe = new ProbeConfig { Tcp = $"{host}:443" } }],
        };
        return new LifeguardConfig { StackName = "Lifeguard", Failover = Config() with { Groups = [group] } }.Validate();
    }

    private static JsonElement Json(object value) =>
        JsonDocument.Parse(JsonSerializer.Serialize(value, TemplateJsonContext.Default.DictionaryStringObject)).RootElement;

    private static JsonElement Variables(Template template) =>
        Json(template.FindResources("AWS::Lambda::Function").Values.First()).GetProperty("Properties").GetProperty("Environment").GetProperty("Variables");

    /// <summary>A template string as text: a literal, or an Fn::Join of literals and Refs, each Ref written {Ref:LogicalId}.</summary>
    private static string Resolve(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Object when value.TryGetProperty("Ref", out var reference) => $"{{Ref:{reference.GetString()}}}",
        JsonValueKind.Object when value.TryGetProperty("Fn::Join", out var join) =>
            string.Join(join[0].GetString(), join[1].EnumerateArray().Select(Resolve)),
        _ => throw new InvalidOperationException($"Not a string, Ref or Fn::Join: {value.GetRawText()}"),
    };

    [Theory]
    [InlineData("http://10.0.1.5/health", "url", "10.0.1.5", "a private address")]
    [InlineData("http://100.64.0.9/health", "url", "100.64.0.9", "a shared (carrier-grade NAT) address")]
    [InlineData("http://ip-10-0-1-5.ec2.internal/health", "url", "ip-10-0-1-5.ec2.internal", "a name only a VPC resolves")]
    [InlineData("tcp:172.16.4.2:3306", "tcp", "172.16.4.2", "a private address")]
    public void LifeguardConfig_TargetOnlyAVpcReachesWithoutOne_IsRefusedNamingTheProbeAndWhatToDo(string probe, string field, string host, string kind)
    {
        var errors = ValidateSecondTarget(probe, vpc: null);

        var error = Assert.Single(errors);
        Assert.Equal($"failover.groups[0].targets[1].probe.{field}: {host} is {kind}, which the health check cannot reach from outside a VPC (no failover.vpc); "
            + "give failover.vpc (subnets that reach it, with a NAT gateway for the AWS APIs), or probe an address the internet reaches.", error);
    }

    [Theory]
    [InlineData("http://10.0.1.5/health")]
    [InlineData("http://ip-10-0-1-5.ec2.internal/health")]
    [InlineData("tcp:172.16.4.2:3306")]
    public void LifeguardConfig_PrivateTargetInAVpc_IsAccepted(string probe) => Assert.Empty(ValidateSecondTarget(probe, Vpc));

    [Theory]
    [InlineData("http://127.0.0.1/health", "127.0.0.1", "a loopback address")]
    [InlineData("http://localhost:8080/health", "localhost", "a loopback name")]
    [InlineData("tcp:169.254.169.254:80", "169.254.169.254", "a link-local address")]
    public void LifeguardConfig_LoopbackOrLinkLocalTarget_IsRefusedEvenInAVpc(string probe, string host, string kind)
    {
        foreach (var vpc in new[] { null, Vpc })
        {
            var error = Assert.Single(ValidateSecondTarget(probe, vpc));
            Assert.StartsWith($"failover.groups[0].targets[1].probe.", error, StringComparison.Ordinal);
            Assert.Contains($"{host} is {kind}, which the health check cannot reach", error, StringComparison.Ordinal);
            Assert.EndsWith("probe the target's own address.", error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void LifeguardConfig_NoTargetOfAGroupReachable_NamesTheGroupAsWellAsEachProbe()
    {
        var group = Config().Groups[0] with
        {
            Targets = [new() { Name = "lb1", Value = "10.0.0.4", Probe = Probe("http://10.0.0.4/health") }, new() { Name = "lb2", Value = "10.0.0.5", Probe = Probe("http://10.0.0.5/health") }],
        };

        var errors = new LifeguardConfig { StackName = "Lifeguard", Failover = Config() with { Groups = [group] } }.Validate();

        Assert.Equal(3, errors.Count);
        Assert.Equal("failover.groups[0]: no target of group 'web' can be probed from outside a VPC (no failover.vpc): it would be all down from the first minute.", errors[2]);
    }

    private static readonly VpcPlacementConfig Vpc = new() { SubnetIds = ["subnet-0123456789abcdef0"], SecurityGroupIds = ["sg-0123456789abcdef0"] };

    private static ProbeConfig Probe(string text) => text.StartsWith("tcp:", StringComparison.Ordinal) ? new ProbeConfig { Tcp = text[4..] } : new ProbeConfig { Url = new Uri(text) };

    private static IReadOnlyList<string> ValidateSecondTarget(string probe, VpcPlacementConfig? vpc)
    {
        var group = Config().Groups[0] with { Targets = [Config().Groups[0].Targets[0], new() { Name = "lb2", Value = "192.0.2.20", Probe = Probe(probe) }] };
        return new LifeguardConfig { StackName = "Lifeguard", Failover = Config() with { Groups = [group], Vpc = vpc } }.Validate();
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
