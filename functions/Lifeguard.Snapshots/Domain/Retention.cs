using System.Globalization;
using System.Text.RegularExpressions;

namespace Lifeguard.Snapshots.Domain;

/// <summary>
/// How long a snapshot is kept, in calendar units: "7 days", "24 hours", "1 month", "1 year", "2 weeks", or ISO 8601
/// ("P7D", "PT24H", "P1M", "P1Y2M10DT2H"). Months and years are calendar months and years in UTC: a month from
/// 31 January ends on the last day of February.
/// </summary>
public sealed partial record Retention(int Years, int Months, int Days, int Hours, int Minutes)
{
    private const int MaxYears = 100;

    public bool IsZero => Years == 0 && Months == 0 && Days == 0 && Hours == 0 && Minutes == 0;

    public DateTimeOffset AddTo(DateTimeOffset start) =>
        start.ToUniversalTime().AddYears(Years).AddMonths(Months).AddDays(Days).AddHours(Hours).AddMinutes(Minutes);

    /// <summary>Parses a retention; the error names <paramref name="field"/> and shows what is accepted.</summary>
    public static Retention Parse(string? text, string field = "retention")
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new FormatException($"{field} is empty; use a duration such as \"7 days\", \"24 hours\", \"1 month\" or ISO 8601 \"P7D\".");
        }

        var retention = text.TrimStart().StartsWith('P') ? ParseIso(text.Trim()) : ParseWords(text.Trim());
        if (retention is null)
        {
            throw new FormatException($"{field} \"{text}\" is not a duration; use a number and a unit (minutes, hours, days, weeks, months, years), several allowed as in \"1 month 2 days\", or ISO 8601 such as \"P7D\", \"PT24H\", \"P1Y\".");
        }

        if (retention.IsZero)
        {
            throw new FormatException($"{field} \"{text}\" is zero: a snapshot would expire as it is taken.");
        }

        if (retention.Years + (retention.Months / 12) + (retention.Days / 365) + (retention.Hours / 8760) > MaxYears)
        {
            throw new FormatException($"{field} \"{text}\" is longer than {MaxYears} years.");
        }

        return retention;
    }

    public override string ToString()
    {
        var parts = new List<string>();
        Add(parts, Years, "year");
        Add(parts, Months, "month");
        Add(parts, Days, "day");
        Add(parts, Hours, "hour");
        Add(parts, Minutes, "minute");
        return string.Join(' ', parts);
    }

    private static void Add(List<string> parts, int value, string unit)
    {
        if (value != 0)
        {
            parts.Add(value.ToString(CultureInfo.InvariantCulture) + " " + unit + (value == 1 ? string.Empty : "s"));
        }
    }

    private static Retention? ParseWords(string text)
    {
        var normalized = Separators().Replace(text.ToLowerInvariant(), " ").Trim();
        if (!WholeWords().IsMatch(normalized))
        {
            return null;
        }

        int years = 0, months = 0, days = 0, hours = 0, minutes = 0;
        foreach (Match match in WordPart().Matches(normalized))
        {
            var n = int.Parse(match.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture);
            switch (match.Groups["unit"].Value)
            {
                case "year" or "years" or "y": years += n; break;
                case "month" or "months" or "mo": months += n; break;
                case "week" or "weeks" or "w": days += 7 * n; break;
                case "day" or "days" or "d": days += n; break;
                case "hour" or "hours" or "h": hours += n; break;
                case "minute" or "minutes" or "min" or "mins": minutes += n; break;
                default: return null;
            }
        }

        return new Retention(years, months, days, hours, minutes);
    }

    private static Retention? ParseIso(string text)
    {
        var match = IsoDuration().Match(text);
        if (!match.Success || text == "P" || text.EndsWith('T'))
        {
            return null;
        }

        int Group(string name) => match.Groups[name].Success ? int.Parse(match.Groups[name].Value, NumberStyles.None, CultureInfo.InvariantCulture) : 0;
        return new Retention(Group("y"), Group("mo"), Group("d") + (7 * Group("w")), Group("h"), Group("mi"));
    }

    [GeneratedRegex(@"(?<n>\d{1,6})\s*(?<unit>[a-z]+)")]
    private static partial Regex WordPart();

    [GeneratedRegex(@"^\d{1,6}\s*[a-z]+(\s+\d{1,6}\s*[a-z]+)*$")]
    private static partial Regex WholeWords();

    [GeneratedRegex(@"(\s|,|\band\b)+")]
    private static partial Regex Separators();

    [GeneratedRegex(@"^P(?:(?<y>\d{1,6})Y)?(?:(?<mo>\d{1,6})M)?(?:(?<w>\d{1,6})W)?(?:(?<d>\d{1,6})D)?(?:T(?:(?<h>\d{1,6})H)?(?:(?<mi>\d{1,6})M)?)?$")]
    private static partial Regex IsoDuration();
}
