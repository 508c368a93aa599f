using System.Globalization;
using System.Text.RegularExpressions;

namespace Lifeguard.Cdk.Configuration;

/// <summary>
/// An EventBridge cron expression's six fields (minutes, hours, day-of-month, month, day-of-week, year), in UTC, with
/// `*`, `?`, lists, ranges (wrapping, as FRI-MON) and steps, evaluated without I/O. The calendar wildcards (`L`, `W`,
/// `#`) are accepted as syntax but not evaluated: <see cref="NeedsExplicitInterval"/> is then set and
/// <see cref="LongestGap"/> refuses, so the configuration must give the tier its interval.
/// </summary>
public sealed partial class EventBridgeCron
{
    private static readonly string[] MonthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] DayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    private readonly bool[] _minutes;
    private readonly bool[] _hours;
    private readonly bool[]? _daysOfMonth;
    private readonly bool[] _months;
    private readonly bool[]? _daysOfWeek;
    private readonly bool[] _years;

    private EventBridgeCron(bool[] minutes, bool[] hours, bool[]? daysOfMonth, bool[] months, bool[]? daysOfWeek, bool[] years, bool needsExplicitInterval)
    {
        _minutes = minutes;
        _hours = hours;
        _daysOfMonth = daysOfMonth;
        _months = months;
        _daysOfWeek = daysOfWeek;
        _years = years;
        NeedsExplicitInterval = needsExplicitInterval;
    }

    /// <summary>It uses `L`, `W` or `#`, whose firings this class does not compute.</summary>
    public bool NeedsExplicitInterval { get; }

    /// <summary>Parses the inside of `cron(...)`; a <see cref="FormatException"/> says which field is wrong and why.</summary>
    public static EventBridgeCron Parse(string fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var parts = fields.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 6)
        {
            throw new FormatException($"a cron expression has 6 fields (minutes hours day-of-month month day-of-week year), not {parts.Length}");
        }

        var (dom, dow) = (parts[2], parts[4]);
        if ((dom == "?") == (dow == "?"))
        {
            throw new FormatException("exactly one of day-of-month and day-of-week must be '?'");
        }

        var calendar = false;
        bool[]? daysOfMonth = null, daysOfWeek = null;
        if (dom != "?")
        {
            calendar |= dom.Split(',').Any(i => DomCalendar().IsMatch(i));
            daysOfMonth = calendar ? new bool[32] : Field(dom, "day-of-month", 1, 31, null);
        }
        else
        {
            var upper = Names(dow.ToUpperInvariant(), DayNames, 1);
            calendar |= upper.Split(',').Any(i => DowCalendar().IsMatch(i));
            if (calendar && upper.Contains('#', StringComparison.Ordinal) && upper.Contains(',', StringComparison.Ordinal))
            {
                throw new FormatException("day-of-week: '#' allows one expression only, not a list");
            }

            daysOfWeek = calendar ? new bool[8] : Field(upper, "day-of-week", 1, 7, null);
        }

        return new EventBridgeCron(
            Field(parts[0], "minutes", 0, 59, null),
            Field(parts[1], "hours", 0, 23, null),
            daysOfMonth,
            Field(parts[3], "month", 1, 12, MonthNames),
            daysOfWeek,
            Field(parts[5], "year", 1970, 2199, null),
            calendar);
    }

    /// <summary>
    /// The longest time between two consecutive firings in [<paramref name="from"/>, <paramref name="to"/>): for a
    /// monthly cron 31 days, for `0 */3 * * ? *` 3 hours.
    /// </summary>
    public TimeSpan LongestGap(DateTime from, DateTime to)
    {
        if (NeedsExplicitInterval)
        {
            throw new FormatException("it uses 'L', 'W' or '#', which Lifeguard does not evaluate");
        }

        var minutesOfDay = Enumerable.Range(0, 24).Where(h => _hours[h]).SelectMany(h => Enumerable.Range(0, 60).Where(m => _minutes[m]).Select(m => (h * 60) + m)).ToList();
        DateTime? previous = null;
        var longest = TimeSpan.Zero;
        var firings = 0;
        // Bounded by the window's days (a few thousand), each with at most 1,440 firings.
        for (var day = from.Date; day < to; day = day.AddDays(1))
        {
            if (!Fires(day))
            {
                continue;
            }

            foreach (var minute in minutesOfDay)
            {
                var at = day.AddMinutes(minute);
                if (at < from || at >= to)
                {
                    continue;
                }

                if (previous is { } p && at - p > longest)
                {
                    longest = at - p;
                }

                previous = at;
                firings++;
            }
        }

        return firings >= 2
            ? longest
            : throw new FormatException($"it fires {(firings == 0 ? "never" : "only once")} between {from:yyyy-MM-dd} and {to:yyyy-MM-dd}");
    }

    private bool Fires(DateTime day) =>
        _years[day.Year] && _months[day.Month] && (_daysOfMonth is null ? _daysOfWeek![(int)day.DayOfWeek + 1] : _daysOfMonth[day.Day]);

    /// <summary>Replaces JAN..DEC or SUN..SAT by their numbers (from <paramref name="first"/>).</summary>
    private static string Names(string field, string[] names, int first) =>
        NameToken().Replace(field, m => Array.IndexOf(names, m.Value) is var i and >= 0
            ? (i + first).ToString(CultureInfo.InvariantCulture)
            : throw new FormatException($"'{m.Value}' is not one of {string.Join(", ", names)}"));

    private static bool[] Field(string text, string name, int min, int max, string[]? names)
    {
        var upper = names is null ? text.ToUpperInvariant() : Names(text.ToUpperInvariant(), names, 1);
        var values = new bool[max + 1];
        foreach (var item in upper.Split(','))
        {
            var match = Item().Match(item);
            if (!match.Success)
            {
                throw new FormatException($"{name}: '{item}' is not *, a value, a range a-b, or either with a /step");
            }

            int Number(string group)
            {
                var value = int.Parse(match.Groups[group].Value, NumberStyles.None, CultureInfo.InvariantCulture);
                return value >= min && value <= max ? value : throw new FormatException($"{name}: {value} is outside {min}-{max}");
            }

            var step = match.Groups["step"].Success ? int.Parse(match.Groups["step"].Value, NumberStyles.None, CultureInfo.InvariantCulture) : 1;
            if (step < 1 || step > max - min + 1)
            {
                throw new FormatException($"{name}: the step in '{item}' must be between 1 and {max - min + 1}");
            }

            var (start, end) = match.Groups["all"].Success ? (min, max)
                : match.Groups["to"].Success ? (Number("from"), Number("to"))
                : match.Groups["step"].Success ? (Number("from"), max)
                : (Number("from"), Number("from"));
            // A range that wraps (FRI-MON, 22-2) runs to the end of the field and on from its start.
            var count = (end >= start ? end - start : end - min + max - start + 1) + 1;
            for (var k = 0; k < count; k += step)
            {
                values[min + ((start - min + k) % (max - min + 1))] = true;
            }
        }

        return values;
    }

    [GeneratedRegex(@"^(?:(?<all>\*)|(?<from>\d{1,4})(?:-(?<to>\d{1,4}))?)(?:/(?<step>\d{1,4}))?$")]
    private static partial Regex Item();

    [GeneratedRegex("[A-Z]{3}")]
    private static partial Regex NameToken();

    [GeneratedRegex(@"^(L|LW|L-\d{1,2}|\d{1,2}W)$")]
    private static partial Regex DomCalendar();

    [GeneratedRegex(@"^([1-7]?L|[1-7]#[1-5])$")]
    private static partial Regex DowCalendar();
}
