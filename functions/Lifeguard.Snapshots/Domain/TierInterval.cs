using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Lifeguard.Snapshots.Domain;

/// <summary>
/// How often a tier fires, as the CDK computes it from the tier's schedule and hands it to the coverage check
/// (LIFEGUARD_TIER_INTERVALS): ISO 8601 days, hours and minutes only ("PT3H", "P1D", "P31D", "P1DT2H30M"), never
/// months or years, which have no fixed length.
/// </summary>
public static partial class TierInterval
{
    public static string Format(TimeSpan interval)
    {
        if (interval < TimeSpan.FromMinutes(1))
        {
            throw new ArgumentOutOfRangeException(nameof(interval), interval, "a tier interval is at least one minute");
        }

        var text = new StringBuilder("P");
        if (interval.Days > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{interval.Days}D");
        }

        if (interval.Hours > 0 || interval.Minutes > 0)
        {
            text.Append('T');
            if (interval.Hours > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $"{interval.Hours}H");
            }

            if (interval.Minutes > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $"{interval.Minutes}M");
            }
        }

        return text.ToString();
    }

    /// <summary>Parses what <see cref="Format"/> writes; the error names <paramref name="field"/>.</summary>
    public static TimeSpan Parse(string? text, string field = "interval")
    {
        var match = Iso().Match(text ?? string.Empty);
        if (!match.Success || text == "P" || text!.EndsWith('T'))
        {
            throw new FormatException($"{field} \"{text}\" is not an interval in ISO 8601 days, hours and minutes, such as \"PT3H\", \"P1D\" or \"P7D\".");
        }

        int Group(string name) => match.Groups[name].Success ? int.Parse(match.Groups[name].Value, NumberStyles.None, CultureInfo.InvariantCulture) : 0;
        var interval = TimeSpan.FromDays(Group("d") + (7 * Group("w"))) + TimeSpan.FromHours(Group("h")) + TimeSpan.FromMinutes(Group("m"));
        return interval >= TimeSpan.FromMinutes(1) && interval <= TimeSpan.FromDays(3660)
            ? interval
            : throw new FormatException($"{field} \"{text}\" must be between one minute and ten years.");
    }

    [GeneratedRegex(@"^P(?:(?<w>\d{1,5})W)?(?:(?<d>\d{1,5})D)?(?:T(?:(?<h>\d{1,6})H)?(?:(?<m>\d{1,7})M)?)?$")]
    private static partial Regex Iso();
}
