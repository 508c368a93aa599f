using Lifeguard.Cdk.Configuration;
using Lifeguard.TestSupport;

namespace Lifeguard.Cdk.Tests.Configuration;

public sealed class LifeguardConfigLoaderTests
{
    [Fact]
    public void Load_ExampleConfiguration_IsValid()
    {
        var config = LifeguardConfigLoader.Load(Path.Combine(RepositoryPaths.Root, "config", "example.json"));

        Assert.Equal("Lifeguard", config.StackName);
        Assert.Equal(["ops@example.com"], config.Notifications.Emails);
    }

    [Theory]
    [InlineData("expireSchedule", "cron(0 5 * * * *)")]
    [InlineData("expireSchedule", "rate(1 days)")]
    [InlineData("drillSchedule", "cron(0 4 ? * SAT)")]
    [InlineData("drillSchedule", "cron(0 25 ? * SAT *)")]
    public void Parse_ExpiryOrDrillScheduleEventBridgeWouldRefuse_NamesTheField(string field, string schedule)
    {
        var ex = Assert.Throws<ConfigurationException>(() => LifeguardConfigLoader.Parse(
            $$"""{ "stackName": "Lifeguard", "snapshots": { "{{field}}": "{{schedule}}" } }""", "test.json"));

        Assert.Contains($"snapshots.{field}: '{schedule}' is not a valid EventBridge cron(...) or rate(...) expression: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SeveralBadFields_NamesEachOne()
    {
        var ex = Assert.Throws<ConfigurationException>(() => LifeguardConfigLoader.Parse(
            """
            {
              "stackName": "1st",
              "region": "Europe",
              "logRetentionDays": 10,
              "notifications": { "emails": ["ops.example.com"], "smsNumbers": ["555-0100"] }
            }
            """,
            "test.json"));

        Assert.Contains("test.json is invalid", ex.Message, StringComparison.Ordinal);
        Assert.Contains("stackName: '1st'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("region: 'Europe'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("logRetentionDays: 10", ex.Message, StringComparison.Ordinal);
        Assert.Contains("notifications.emails[0]", ex.Message, StringComparison.Ordinal);
        Assert.Contains("notifications.smsNumbers[0]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_OnlyTheStackName_TakesEveryDefault()
    {
        var config = LifeguardConfigLoader.Parse("""{ "stackName": "Lifeguard" }""", "test.json");

        Assert.Equal(30, config.LogRetentionDays);
        Assert.Empty(config.Notifications.Emails);
        Assert.Empty(config.Notifications.SmsNumbers);
    }

    [Fact]
    public void Parse_BadSnapshotTiers_NamesEachField()
    {
        var ex = Assert.Throws<ConfigurationException>(() => LifeguardConfigLoader.Parse(
            """
            {
              "stackName": "Lifeguard",
              "snapshots": {
                "catalog": "dynamodb",
                "orphanRetentionDays": -1,
                "recycleBinDays": 400,
                "tiers": [
                  { "name": "daily", "schedule": "every day", "retention": "a week", "keep": 0 },
                  { "name": "daily", "schedule": "rate(1 day)", "retention": "7 days" },
                  { "name": "weekly", "schedule": "rate(7 days)", "retention": "1 month", "lock": "forever",
                    "copyTo": { "region": "mars-1", "retention": "later", "kmsKeyId": "my key" } }
                ]
              }
            }
            """, "test.json"));

        Assert.Contains("snapshots.catalog: 'dynamodb'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("snapshots.orphanRetentionDays: -1 must be between 0 and 3650", ex.Message, StringComparison.Ordinal);
        Assert.Contains("snapshots.recycleBinDays: 400 must be between 1 and 365", ex.Message, StringComparison.Ordinal);
        Assert.Contains("snapshots.tiers[0].keep: 0 must be between 1 and 1000", ex.Message, StringComparison.Ordinal);
        Assert.Contains("snapshots.tiers[0].schedule: 'every day'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("snapshots.tiers[0].retention \"a week\"", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'daily' is used more than once", ex.Message, StringComparison.Ordinal);
        Assert.Contains("snapshots.tiers[2].lock: 'forever'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("snapshots.tiers[2].copyTo.region: 'mars-1'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("snapshots.tiers[2].copyTo.retention \"later\"", ex.Message, StringComparison.Ordinal);
        Assert.Contains("snapshots.tiers[2].copyTo.kmsKeyId: 'my key'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TierScheduleNotEventBridge_NamesTheTierAndField()
    {
        var ex = Assert.Throws<ConfigurationException>(() => LifeguardConfigLoader.Parse(
            """
            {
              "stackName": "Lifeguard",
              "snapshots": {
                "coverageSchedule": "rate(1 hours)",
                "tiers": [
                  { "name": "hourly", "schedule": "cron(0 * * * * *)", "retention": "1 day" },
                  { "name": "monthly", "schedule": "cron(0 3 L * ? *)", "retention": "1 year" },
                  { "name": "yearly", "schedule": "cron(0 3 1 1 ? *)", "retention": "5 years", "interval": "1 year" }
                ]
              }
            }
            """, "test.json"));

        Assert.Contains("snapshots.tiers[0].schedule: 'cron(0 * * * * *)' of tier 'hourly' is not a valid EventBridge", ex.Message, StringComparison.Ordinal);
        Assert.Contains("exactly one of day-of-month and day-of-week must be '?'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("snapshots.tiers[1].schedule: 'cron(0 3 L * ? *)' of tier 'monthly' uses L, W or #", ex.Message, StringComparison.Ordinal);
        Assert.Contains("explicit \"interval\"", ex.Message, StringComparison.Ordinal);
        Assert.Contains("snapshots.tiers[2].interval \"1 year\": months and years have no fixed length", ex.Message, StringComparison.Ordinal);
        Assert.Contains("snapshots.coverageSchedule: 'rate(1 hours)'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_CalendarCronWithInterval_IsAccepted()
    {
        var config = LifeguardConfigLoader.Parse(
            """
            {
              "stackName": "Lifeguard",
              "snapshots": { "tiers": [ { "name": "monthly", "schedule": "cron(0 3 L * ? *)", "retention": "1 year", "interval": "31 days" } ] }
            }
            """, "test.json");

        Assert.Equal(TimeSpan.FromDays(31), config.Snapshots.Tiers[0].ResolveInterval("interval"));
    }

    [Fact]
    public void Parse_MisspeltField_IsAnErrorNotADefault()
    {
        var ex = Assert.Throws<ConfigurationException>(() => LifeguardConfigLoader.Parse(
            """{ "stackName": "Lifeguard", "logRetentionDay": 7 }""", "test.json"));

        Assert.Contains("logRetentionDay", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MissingStackName_NamesIt()
    {
        var ex = Assert.Throws<ConfigurationException>(() => LifeguardConfigLoader.Parse("""{ "logRetentionDays": 7 }""", "test.json"));

        Assert.Contains("stackName", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFile_SaysWhichFile()
    {
        var ex = Assert.Throws<ConfigurationException>(() => LifeguardConfigLoader.Load("/nonexistent/lifeguard.json"));

        Assert.Contains("/nonexistent/lifeguard.json", ex.Message, StringComparison.Ordinal);
    }
}
