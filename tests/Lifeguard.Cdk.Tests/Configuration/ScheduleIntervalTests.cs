using Lifeguard.Cdk.Configuration;

namespace Lifeguard.Cdk.Tests.Configuration;

public sealed class ScheduleIntervalTests
{
    [Theory]
    [InlineData("rate(1 minute)", 1)]
    [InlineData("rate(5 minutes)", 5)]
    [InlineData("rate(1 hour)", 60)]
    [InlineData("rate(12 hours)", 12 * 60)]
    [InlineData("rate(1 day)", 24 * 60)]
    [InlineData("rate(7 days)", 7 * 24 * 60)]
    [InlineData("cron(30 3 ? * SUN *)", 7 * 24 * 60)]
    public void Of_ValidExpression_IsItsLongestGap(string expression, int minutes)
    {
        Assert.Equal(TimeSpan.FromMinutes(minutes), ScheduleInterval.Of(expression));
    }

    [Theory]
    [InlineData("rate(1 hours)", "rate(1 hour)")]
    [InlineData("rate(5 hour)", "rate(5 hours)")]
    [InlineData("rate(0 minutes)", "at least 1")]
    [InlineData("rate(2 weeks)", "neither cron")]
    [InlineData("every day", "neither cron")]
    [InlineData("cron(0 0 * * *)", "6 fields")]
    public void Of_InvalidExpression_SaysWhy(string expression, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => ScheduleInterval.Of(expression));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CronWithL_IsValidButNotComputable()
    {
        Assert.False(ScheduleInterval.Validate("cron(0 0 L * ? *)"));
        Assert.True(ScheduleInterval.Validate("cron(0 0 1 * ? *)"));
    }
}
