using System.Globalization;
using System.Text.RegularExpressions;

namespace Lifeguard.Cdk.Configuration;

/// <summary>
/// The longest time between two firings of an EventBridge schedule, which the coverage check doubles into its alert
/// threshold: `rate(...)` exactly, `cron(...)` by evaluating it over <see cref="WindowYears"/> years from a fixed
/// start (so that a synth gives the same template every day), which holds every month length and two leap years.
/// </summary>
public static partial class ScheduleInterval
{
    public const int WindowYears = 8;

    public static readonly DateTime WindowStart = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Checks the expression is valid EventBridge; a <see cref="FormatException"/> says why not.</summary>
    /// <returns>Whether its interval can be computed (false for a cron using L, W or #).</returns>
    public static bool Validate(string? expression) => Parse(expression) is not EventBridgeCron { NeedsExplicitInterval: true };

    public static TimeSpan Of(string? expression) => Parse(expression) switch
    {
        TimeSpan rate => rate,
        EventBridgeCron cron => cron.LongestGap(WindowStart, WindowStart.AddYears(WindowYears)),
        _ => throw new InvalidOperationException("unreachable"),
    };

    private static object Parse(string? expression)
    {
        var text = expression ?? string.Empty;
        if (Rate().Match(text) is { Success: true } rate)
        {
            if (!int.TryParse(rate.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
            {
                throw new FormatException("a rate is a whole number of at least 1");
            }

            var unit = rate.Groups["unit"].Value;
            // EventBridge refuses "rate(1 hours)" and "rate(5 hour)".
            if ((n == 1) != !unit.EndsWith('s'))
            {
                throw new FormatException(n == 1 ? $"a rate of 1 takes the singular unit: rate(1 {unit.TrimEnd('s')})" : $"a rate above 1 takes the plural unit: rate({n} {unit}s)");
            }

            return unit.TrimEnd('s') switch
            {
                "minute" => TimeSpan.FromMinutes(n),
                "hour" => TimeSpan.FromHours(n),
                _ => TimeSpan.FromDays(n),
            };
        }

        if (Cron().Match(text) is { Success: true } cron)
        {
            return EventBridgeCron.Parse(cron.Groups["fields"].Value);
        }

        throw new FormatException("it is neither cron(minutes hours day-of-month month day-of-week year) nor rate(value minute|minutes|hour|hours|day|days)");
    }

    [GeneratedRegex(@"^rate\((?<n>\d{1,6}) (?<unit>minutes?|hours?|days?)\)$")]
    private static partial Regex Rate();

    [GeneratedRegex(@"^cron\((?<fields>[^()]+)\)$")]
    private static partial Regex Cron();
}
