using Lifeguard.Cdk.Configuration;

namespace Lifeguard.Cdk.Tests.Configuration;

public sealed class EventBridgeCronTests
{
    [Theory]
    [InlineData("0 */3 * * ? *", 3 * 60)]
    [InlineData("15 3 * * ? *", 24 * 60)]
    [InlineData("5/15 * * * ? *", 15)]
    [InlineData("0 6,18 * * ? *", 12 * 60)]
    [InlineData("0 22-2 * * ? *", 20 * 60)]
    public void LongestGap_WithinADay_IsTheLargestStepBetweenFirings(string fields, int minutes)
    {
        Assert.Equal(TimeSpan.FromMinutes(minutes), LongestGap(fields));
    }

    [Fact]
    public void LongestGap_WeeklyOnSunday_IsSevenDays()
    {
        Assert.Equal(TimeSpan.FromDays(7), LongestGap("30 3 ? * SUN *"));
    }

    [Fact]
    public void LongestGap_WeekdaysOnly_IsTheWeekendGapOfThreeDays()
    {
        Assert.Equal(TimeSpan.FromDays(3), LongestGap("0 9 ? * MON-FRI *"));
    }

    [Fact]
    public void LongestGap_DayOfWeekRangeThatWraps_RunsFridayToMonday()
    {
        // FRI, SAT, SUN, MON: Monday to the next Friday is the gap.
        Assert.Equal(TimeSpan.FromDays(4), LongestGap("0 0 ? * FRI-MON *"));
    }

    [Fact]
    public void LongestGap_MonthlyOnTheFirst_IsTheLongestMonth()
    {
        Assert.Equal(TimeSpan.FromDays(31), LongestGap("45 3 1 * ? *"));
    }

    [Fact]
    public void LongestGap_MonthlyOnThe31st_SkipsTheShortMonths()
    {
        // Only the 31-day months fire: 31 March to 31 May (61 days) is the longest gap.
        Assert.Equal(TimeSpan.FromDays(61), LongestGap("0 0 31 * ? *"));
    }

    [Fact]
    public void LongestGap_QuarterlyByMonthNames_IsTheLongestQuarter()
    {
        Assert.Equal(TimeSpan.FromDays(92), LongestGap("0 0 1 JAN,APR,JUL,OCT ? *"));
    }

    [Fact]
    public void LongestGap_LeapDay_IsFourYears()
    {
        Assert.Equal(TimeSpan.FromDays(1461), LongestGap("0 0 29 2 ? *"));
    }

    [Fact]
    public void LongestGap_OneYearOnly_FiresOnceAndIsRefused()
    {
        var ex = Assert.Throws<FormatException>(() => LongestGap("0 0 1 1 ? 2026"));

        Assert.Contains("only once", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0 0 L * ? *")]
    [InlineData("0 0 15W * ? *")]
    [InlineData("0 0 ? * 6L *")]
    [InlineData("0 0 ? * 3#2 *")]
    public void Parse_CalendarWildcards_AreValidButNeedAnExplicitInterval(string fields)
    {
        var cron = EventBridgeCron.Parse(fields);

        Assert.True(cron.NeedsExplicitInterval);
        var ex = Assert.Throws<FormatException>(() => cron.LongestGap(ScheduleInterval.WindowStart, ScheduleInterval.WindowStart.AddYears(1)));
        Assert.Contains("'L', 'W' or '#'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0 0 * * * *", "exactly one of day-of-month and day-of-week")]
    [InlineData("0 0 ? * ? *", "exactly one of day-of-month and day-of-week")]
    [InlineData("0 0 * * ?", "6 fields")]
    [InlineData("60 0 * * ? *", "minutes: 60 is outside 0-59")]
    [InlineData("0 24 * * ? *", "hours: 24 is outside 0-23")]
    [InlineData("0 0 0 * ? *", "day-of-month: 0 is outside 1-31")]
    [InlineData("0 0 ? * 8 *", "day-of-week: 8 is outside 1-7")]
    [InlineData("0 0 * FOO ? *", "'FOO' is not one of JAN")]
    [InlineData("0 0 * * ? 1969", "year: 1969 is outside 1970-2199")]
    [InlineData("*/0 0 * * ? *", "the step in '*/0'")]
    [InlineData("0 0 ? * 1#2,3#1 *", "'#' allows one expression only")]
    [InlineData("0 x * * ? *", "hours: 'X' is not")]
    public void Parse_Invalid_SaysWhichFieldAndWhy(string fields, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => EventBridgeCron.Parse(fields));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    private static TimeSpan LongestGap(string fields) =>
        EventBridgeCron.Parse(fields).LongestGap(ScheduleInterval.WindowStart, ScheduleInterval.WindowStart.AddYears(ScheduleInterval.WindowYears));
}
