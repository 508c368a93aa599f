using System.Text.RegularExpressions;

namespace Lifeguard.Runtime.Hosting;

/// <summary>The checks every capability's configuration validator makes, with the same wording everywhere.</summary>
public static partial class ConfigurationRules
{
    public static void Range(long value, long low, long high, string path, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (value < low || value > high)
        {
            errors.Add($"{path}: {value} must be between {low} and {high}.");
        }
    }

    public static void Duplicates(IEnumerable<string?> values, string path, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        foreach (var duplicate in values.Where(v => v is not null).GroupBy(v => v, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            errors.Add($"{path}: '{duplicate.Key}' is used more than once.");
        }
    }

    /// <summary>A name of a group, target, cluster or server: 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit.</summary>
    public static void Name(string value, string path, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (!NamePattern().IsMatch(value))
        {
            errors.Add($"{path}: '{value}' must be 1-64 letters, digits, '.', '_' or '-'.");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")]
    private static partial Regex NamePattern();
}
