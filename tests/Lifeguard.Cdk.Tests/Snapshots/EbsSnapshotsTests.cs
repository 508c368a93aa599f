using Amazon.CDK;
using Amazon.CDK.Assertions;
using Lifeguard.Cdk.Common;
using Lifeguard.Cdk.Configuration;
using Lifeguard.Cdk.Snapshots;

namespace Lifeguard.Cdk.Tests.Snapshots;

public sealed class EbsSnapshotsTests
{
    [Fact]
    public void EbsSnapshots_DefaultTiers_OneRulePerTierWithTierRetentionAndFiringTime()
    {
        // The restore drills' own rule is RestoreDrillsTests' to check.
        var template = Template.FromStack(CreateSut(new SnapshotsConfig { DrillEnabled = false }));

        template.ResourceCountIs("AWS::Events::Rule", 6);
        template.HasResourceProperties("AWS::Events::Rule", new Dictionary<string, object>
        {
            ["ScheduleExpression"] = "cron(15 3 * * ? *)",
            ["Targets"] = Match.ArrayWith([Match.ObjectLike(new Dictionary<string, object>
            {
                ["InputTransformer"] = new Dictionary<string, object>
                {
                    ["InputPathsMap"] = new Dictionary<string, object> { ["time"] = "$.time" },
                    ["InputTemplate"] = "{\"tier\":\"daily\",\"retention\":\"7 days\",\"time\":<time>}",
                },
                ["RetryPolicy"] = new Dictionary<string, object> { ["MaximumRetryAttempts"] = 2 },
            })]),
        });
        template.HasResourceProperties("AWS::Events::Rule", new Dictionary<string, object> { ["ScheduleExpression"] = "cron(0 5 * * ? *)" });
    }

    [Fact]
    public void EbsSnapshots_Functions_SelectTheirHandlerFromOnePackage()
    {
        var template = Template.FromStack(CreateSut(new SnapshotsConfig()));

        foreach (var handler in new[] { "snapshot", "expire" })
        {
            template.HasResourceProperties("AWS::Lambda::Function", new Dictionary<string, object>
            {
                ["Handler"] = "bootstrap",
                ["Runtime"] = "provided.al2023",
                ["Environment"] = new Dictionary<string, object>
                {
                    ["Variables"] = Match.ObjectLike(new Dictionary<string, object> { ["LIFEGUARD_HANDLER"] = handler, ["LIFEGUARD_CATALOG"] = "tags" }),
                },
            });
        }
    }

    [Fact]
    public void EbsSnapshots_ExpireRole_DeletesOnlyManagedSnapshots()
    {
        var template = Template.FromStack(CreateSut(new SnapshotsConfig()));

        template.HasResourceProperties("AWS::IAM::Policy", new Dictionary<string, object>
        {
            ["PolicyDocument"] = Match.ObjectLike(new Dictionary<string, object>
            {
                ["Statement"] = Match.ArrayWith([Match.ObjectLike(new Dictionary<string, object>
                {
                    ["Action"] = "ec2:DeleteSnapshot",
                    ["Condition"] = new Dictionary<string, object> { ["StringEquals"] = new Dictionary<string, object> { ["aws:ResourceTag/lifeguard:managed"] = "true" } },
                })]),
            }),
        });
        template.HasResourceProperties("AWS::IAM::Policy", new Dictionary<string, object>
        {
            ["PolicyDocument"] = Match.ObjectLike(new Dictionary<string, object>
            {
                ["Statement"] = Match.ArrayWith([Match.ObjectLike(new Dictionary<string, object>
                {
                    ["Action"] = Match.ArrayWith(["ec2:DescribeSnapshotAttribute"]),
                })]),
            }),
        });
        template.HasResourceProperties("AWS::Lambda::Function", new Dictionary<string, object>
        {
            ["Environment"] = new Dictionary<string, object>
            {
                ["Variables"] = Match.ObjectLike(new Dictionary<string, object>
                {
                    ["LIFEGUARD_HANDLER"] = "expire", ["LIFEGUARD_ORPHAN_RETENTION_DAYS"] = "30", ["LIFEGUARD_DELETE_SHARED"] = "false",
                }),
            },
        });
        var policies = template.FindResources("AWS::IAM::Policy");
        var unconditionalDeletes = policies.Values.SelectMany(Statements)
            .Where(s => s.Contains("ec2:DeleteSnapshot", StringComparison.Ordinal) && !s.Contains("lifeguard:managed", StringComparison.Ordinal));
        Assert.Empty(unconditionalDeletes);
    }

    [Fact]
    public void EbsSnapshots_TierSettings_ReachTheFunctionsAsLifeguardTiers()
    {
        var template = Template.FromStack(CreateSut(new SnapshotsConfig
        {
            Tiers =
            [
                new("daily", "cron(15 3 * * ? *)", "7 days") { Keep = 7 },
                new("weekly", "cron(30 3 ? * SUN *)", "1 month"),
                new("monthly", "cron(45 3 1 * ? *)", "1 year") { Keep = 12, Lock = "compliance", CopyTo = new() { Region = "us-west-2", Retention = "2 years" } },
            ],
        }));

        template.HasResourceProperties("AWS::Lambda::Function", new Dictionary<string, object>
        {
            ["Environment"] = new Dictionary<string, object>
            {
                ["Variables"] = Match.ObjectLike(new Dictionary<string, object>
                {
                    ["LIFEGUARD_HANDLER"] = "expire",
                    ["LIFEGUARD_TIERS"] = """[{"name":"daily","retention":"7 days","keep":7,"interval":"P1D"},{"name":"weekly","retention":"1 month","interval":"P7D"},"""
                        + """{"name":"monthly","retention":"1 year","keep":12,"copyTo":{"region":"us-west-2","retention":"2 years"},"interval":"P31D","lock":"compliance"}]""",
                }),
            },
        });
    }

    [Fact]
    public void EbsSnapshots_RecycleBin_KeepsDeletedManagedSnapshotsAndNoLifeguardRoleCanTouchIt()
    {
        var template = Template.FromStack(CreateSut(new SnapshotsConfig()));
        var without = Template.FromStack(CreateSut(new SnapshotsConfig { RecycleBinDays = 0 }));

        template.HasResourceProperties("AWS::Rbin::Rule", new Dictionary<string, object>
        {
            ["ResourceType"] = "EBS_SNAPSHOT",
            ["ResourceTags"] = new[] { new Dictionary<string, object> { ["ResourceTagKey"] = "lifeguard:managed", ["ResourceTagValue"] = "true" } },
            ["RetentionPeriod"] = new Dictionary<string, object> { ["RetentionPeriodUnit"] = "DAYS", ["RetentionPeriodValue"] = 7 },
        });
        var statements = template.FindResources("AWS::IAM::Policy").Values.SelectMany(Statements).ToList();
        Assert.NotEmpty(statements);
        Assert.DoesNotContain(statements, s => s.Contains("rbin:", StringComparison.OrdinalIgnoreCase) || s.Contains("\"Action\":\"*\"", StringComparison.Ordinal));
        without.ResourceCountIs("AWS::Rbin::Rule", 0);
    }

    [Fact]
    public void EbsSnapshots_SnapshotRole_TagsOnlyAtCreationAndOnlyTaggedVolumes()
    {
        var template = Template.FromStack(CreateSut(new SnapshotsConfig()));

        template.HasResourceProperties("AWS::IAM::Policy", new Dictionary<string, object>
        {
            ["PolicyDocument"] = Match.ObjectLike(new Dictionary<string, object>
            {
                ["Statement"] = Match.ArrayWith(
                [
                    Match.ObjectLike(new Dictionary<string, object>
                    {
                        ["Action"] = new[] { "ec2:CreateSnapshot", "ec2:CreateSnapshots" },
                        ["Condition"] = new Dictionary<string, object> { ["Null"] = new Dictionary<string, object> { ["aws:ResourceTag/lifeguard:backup"] = "false" } },
                    }),
                    Match.ObjectLike(new Dictionary<string, object>
                    {
                        ["Action"] = "ec2:CreateTags",
                        ["Condition"] = new Dictionary<string, object> { ["StringEquals"] = new Dictionary<string, object> { ["ec2:CreateAction"] = new[] { "CreateSnapshot", "CreateSnapshots" } } },
                    }),
                ]),
            }),
        });
    }

    [Fact]
    public void EbsSnapshots_SnapshotRole_SendsCommandsOnlyToInstancesTaggedFreezeAllowed()
    {
        var template = Template.FromStack(CreateSut(new SnapshotsConfig()));

        template.HasResourceProperties("AWS::IAM::Policy", new Dictionary<string, object>
        {
            ["PolicyDocument"] = Match.ObjectLike(new Dictionary<string, object>
            {
                ["Statement"] = Match.ArrayWith([Match.ObjectLike(new Dictionary<string, object>
                {
                    ["Action"] = "ssm:SendCommand",
                    ["Condition"] = new Dictionary<string, object> { ["StringEquals"] = new Dictionary<string, object> { ["ssm:resourceTag/lifeguard:freeze-allowed"] = "true" } },
                })]),
            }),
        });
        // Every other way to SendCommand is the shell document itself; none by the backup tag, none unconditioned.
        var sendCommands = template.PolicyStatements().Where(s => s.Contains("ssm:SendCommand", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, sendCommands.Count);
        Assert.Contains(sendCommands, s => s.Contains(":instance/*", StringComparison.Ordinal) && s.Contains("lifeguard:freeze-allowed", StringComparison.Ordinal));
        Assert.All(sendCommands, s => Assert.True(
            s.Contains("document/AWS-RunShellScript", StringComparison.Ordinal) || s.Contains("ssm:resourceTag/lifeguard:freeze-allowed", StringComparison.Ordinal), s));
        Assert.DoesNotContain(sendCommands, s => s.Contains("lifeguard:backup", StringComparison.Ordinal));
    }

    [Fact]
    public void EbsSnapshots_SnapshotRole_RetagsOnlyManagedSnapshotsAndOnlyAsApplicationConsistent()
    {
        // Without the drill function, whose tags on volumes RestoreDrillsTests check.
        var template = Template.FromStack(CreateSut(new SnapshotsConfig { DrillEnabled = false }));

        template.HasResourceProperties("AWS::IAM::Policy", new Dictionary<string, object>
        {
            ["PolicyDocument"] = Match.ObjectLike(new Dictionary<string, object>
            {
                ["Statement"] = Match.ArrayWith([Match.ObjectLike(new Dictionary<string, object>
                {
                    ["Action"] = "ec2:CreateTags",
                    ["Condition"] = new Dictionary<string, object>
                    {
                        ["StringEquals"] = new Dictionary<string, object>
                        {
                            ["aws:ResourceTag/lifeguard:managed"] = "true",
                            ["aws:RequestTag/lifeguard:consistency"] = "application",
                        },
                        ["ForAllValues:StringEquals"] = new Dictionary<string, object> { ["aws:TagKeys"] = new[] { "lifeguard:consistency" } },
                    },
                })]),
            }),
        });
        // On snapshots; the coverage check's state tags on volumes and instances are BackupCoverageTests' matter.
        var createTags = template.PolicyStatements().Where(s => s.Contains("ec2:CreateTags", StringComparison.Ordinal) && s.Contains(":snapshot/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(createTags);
        Assert.All(createTags, s => Assert.True(
            s.Contains("ec2:CreateAction", StringComparison.Ordinal) || s.Contains("aws:RequestTag/lifeguard:consistency", StringComparison.Ordinal), s));
    }

    [Fact]
    public void EbsSnapshots_TagCatalog_HasNoSimpleDb()
    {
        var template = Template.FromStack(CreateSut(new SnapshotsConfig()));

        template.ResourceCountIs("AWS::SDB::Domain", 0);
        Assert.DoesNotContain(template.FindResources("AWS::IAM::Policy").Values.SelectMany(Statements), s => s.Contains("sdb:", StringComparison.Ordinal));
    }

    [Fact]
    public void EbsSnapshots_SimpleDbCatalog_CreatesTheDomainAndGrantsOnlyIt()
    {
        var template = Template.FromStack(CreateSut(new SnapshotsConfig { Catalog = "simpledb" }));

        template.ResourceCountIs("AWS::SDB::Domain", 1);
        template.HasResourceProperties("AWS::Lambda::Function", new Dictionary<string, object>
        {
            ["Environment"] = new Dictionary<string, object>
            {
                ["Variables"] = Match.ObjectLike(new Dictionary<string, object> { ["LIFEGUARD_CATALOG"] = "simpledb", ["LIFEGUARD_SIMPLEDB_DOMAIN"] = Match.AnyValue() }),
            },
        });
        Assert.Contains(template.FindResources("AWS::IAM::Policy").Values.SelectMany(Statements), s => s.Contains("sdb:Select", StringComparison.Ordinal) && s.Contains(":domain/", StringComparison.Ordinal));
    }

    [Fact]
    public void EbsSnapshots_MissedRuns_AlarmsToTheTopicWhenNothingSucceeded()
    {
        var template = Template.FromStack(CreateSut(new SnapshotsConfig { MissedRunAlarmHours = 6 }));

        template.HasResourceProperties("AWS::CloudWatch::Alarm", new Dictionary<string, object>
        {
            ["ComparisonOperator"] = "LessThanThreshold",
            ["Threshold"] = 1,
            ["TreatMissingData"] = "breaching",
            ["AlarmActions"] = Match.AnyValue(),
            ["Metrics"] = Match.ArrayWith([Match.ObjectLike(new Dictionary<string, object> { ["Expression"] = "invocations - errors" })]),
        });
    }

    [Fact]
    public void EbsSnapshots_Functions_RunOneAtATimeAndSnapshotHandsLeftoversOnlyToItself()
    {
        var template = Template.FromStack(CreateSut(new SnapshotsConfig()));

        foreach (var handler in new[] { "snapshot", "expire" })
        {
            template.HasResourceProperties("AWS::Lambda::Function", new Dictionary<string, object>
            {
                ["ReservedConcurrentExecutions"] = 1,
                ["Environment"] = new Dictionary<string, object> { ["Variables"] = Match.ObjectLike(new Dictionary<string, object> { ["LIFEGUARD_HANDLER"] = handler }) },
            });
        }

        var invokes = template.FindResources("AWS::IAM::Policy").Values.SelectMany(Statements).Where(s => s.Contains("lambda:InvokeFunction", StringComparison.Ordinal)).ToList();
        var invoke = Assert.Single(invokes);
        Assert.Contains("SnapshotsSnapshotFunction", invoke, StringComparison.Ordinal);
        Assert.DoesNotContain("\"*\"", invoke, StringComparison.Ordinal);
    }

    [Fact]
    public void EbsSnapshots_Expire_AlarmsWhenNoRunSucceededTwoDaysInARow()
    {
        var template = Template.FromStack(CreateSut(new SnapshotsConfig()));

        template.HasResourceProperties("AWS::CloudWatch::Alarm", new Dictionary<string, object>
        {
            ["EvaluationPeriods"] = 2,
            ["DatapointsToAlarm"] = 2,
            ["TreatMissingData"] = "breaching",
            ["Metrics"] = Match.ArrayWith([Match.ObjectLike(new Dictionary<string, object>
            {
                ["MetricStat"] = Match.ObjectLike(new Dictionary<string, object>
                {
                    ["Period"] = 86400,
                    ["Metric"] = Match.ObjectLike(new Dictionary<string, object>
                    {
                        ["MetricName"] = "Invocations",
                        ["Dimensions"] = Match.ArrayWith([Match.ObjectLike(new Dictionary<string, object> { ["Value"] = Match.ObjectLike(new Dictionary<string, object> { ["Ref"] = Match.StringLikeRegexp("SnapshotsExpireFunction") }) })]),
                    }),
                }),
            })]),
        });
    }

    [Fact]
    public void EbsSnapshots_EachTier_AlarmsOnceWhenItsRunFindsNothingToSnapshot()
    {
        var template = Template.FromStack(CreateSut(new SnapshotsConfig()));

        foreach (var tier in new SnapshotsConfig().Tiers)
        {
            template.HasResourceProperties("AWS::CloudWatch::Alarm", new Dictionary<string, object>
            {
                ["MetricName"] = "SnapshotTargets",
                ["Namespace"] = "Lifeguard",
                ["Dimensions"] = Match.ArrayWith([new Dictionary<string, object> { ["Name"] = "Tier", ["Value"] = tier.Name }]),
                ["Statistic"] = "Minimum",
                ["ComparisonOperator"] = "LessThanThreshold",
                ["Threshold"] = 1,
                ["TreatMissingData"] = "ignore",
                ["AlarmActions"] = Match.AnyValue(),
                ["OKActions"] = Match.AnyValue(),
            });
        }
    }

    [Fact]
    public void EbsSnapshots_TierWithCopyTo_CopiesHourlyOnlyManagedSnapshotsIntoThatRegionAndExpireDeletesThemThere()
    {
        var template = Template.FromStack(CreateSut(new SnapshotsConfig
        {
            Tiers = [new("monthly", "cron(45 3 1 * ? *)", "1 year") { CopyTo = new() { Region = "us-west-2", Retention = "2 years", KmsKeyId = "alias/dr" } }],
        }));

        template.HasResourceProperties("AWS::Lambda::Function", new Dictionary<string, object>
        {
            ["ReservedConcurrentExecutions"] = 1,
            ["Environment"] = new Dictionary<string, object> { ["Variables"] = Match.ObjectLike(new Dictionary<string, object> { ["LIFEGUARD_HANDLER"] = "copy" }) },
        });
        template.HasResourceProperties("AWS::Events::Rule", new Dictionary<string, object> { ["ScheduleExpression"] = "rate(15 minutes)" });
        var statements = string.Join('\n', template.FindResources("AWS::IAM::Policy").Values.SelectMany(Statements));
        Assert.Contains("\"aws:RequestTag/lifeguard:managed\":\"true\"", statements, StringComparison.Ordinal);
        Assert.Contains(":ec2:us-west-2::snapshot/*", statements, StringComparison.Ordinal);
        Assert.Contains("\"kms:ViaService\":\"ec2.us-west-2.amazonaws.com\"", statements, StringComparison.Ordinal);
        Assert.Contains("\"kms:ResourceAliases\":\"alias/dr\"", statements, StringComparison.Ordinal);
        Assert.DoesNotContain("ec2:DeleteSnapshot\",\"Resource\":\"*\"", statements, StringComparison.Ordinal);
        Assert.Contains("\"aws:ResourceTag/lifeguard:source-region\"", statements, StringComparison.Ordinal);
        foreach (var metric in new[] { "SnapshotCopiesFailed", "SnapshotCopiesOverdue" })
        {
            template.HasResourceProperties("AWS::CloudWatch::Alarm", new Dictionary<string, object> { ["MetricName"] = metric, ["OKActions"] = Match.AnyValue() });
        }
    }

    [Fact]
    public void EbsSnapshots_LockingTier_ItsRuleAsksForTheLockAndOnlyThenMayTheRoleLock()
    {
        var locking = Template.FromStack(CreateSut(new SnapshotsConfig { Tiers = [new("monthly", "cron(45 3 1 * ? *)", "1 year") { Lock = "compliance" }] }));
        var plain = Template.FromStack(CreateSut(new SnapshotsConfig()));

        locking.HasResourceProperties("AWS::Events::Rule", new Dictionary<string, object>
        {
            ["Targets"] = Match.ArrayWith([Match.ObjectLike(new Dictionary<string, object>
            {
                ["InputTransformer"] = Match.ObjectLike(new Dictionary<string, object> { ["InputTemplate"] = "{\"tier\":\"monthly\",\"retention\":\"1 year\",\"time\":<time>,\"lock\":\"compliance\"}" }),
            })]),
        });
        var statements = string.Join('\n', locking.FindResources("AWS::IAM::Policy").Values.SelectMany(Statements));
        Assert.Contains("ec2:LockSnapshot", statements, StringComparison.Ordinal);
        Assert.Contains("\"aws:ResourceTag/lifeguard:lock\":\"none\"", statements, StringComparison.Ordinal);
        Assert.DoesNotContain("ec2:UnlockSnapshot", statements, StringComparison.Ordinal);
        Assert.DoesNotContain("ec2:LockSnapshot", string.Join('\n', plain.FindResources("AWS::IAM::Policy").Values.SelectMany(Statements)), StringComparison.Ordinal);
    }

    private static IEnumerable<string> Statements(IDictionary<string, object> resource) =>
        [System.Text.Json.JsonSerializer.Serialize(resource, TemplateJsonContext.Default.DictionaryStringObject)];

    private static Stack CreateSut(SnapshotsConfig config) =>
        TestStackExtensions.WithCapability(config, (stack, props) => _ = new EbsSnapshots(stack, "Snapshots", props));
}
