using System.Globalization;

namespace Lifeguard.Failover.Domain;

/// <summary>The HTTP statuses that count as healthy: "200-399", "200", or a list such as "200,204,300-302".</summary>
public sealed class StatusRanges
{
    private readonly (int Low, int High)[] _ranges;

    private StatusRanges((int Low, int High)[] ranges) => _ranges = ranges;

    public bool Contains(int status) => _ranges.Any(r => status >= r.Low && status <= r.High);

    /// <exception cref="FormatException">Naming <paramref name="field"/>.</exception>
    public static StatusRanges Parse(string text, string field)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ranges = new List<(int, int)>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var bounds = part.Split('-', StringSplitOptions.TrimEntries);
            if (bounds.Length is 1 or 2
                && Status(bounds[0]) is { } low
                && Status(bounds[^1]) is { } high
                && low <= high)
            {
                ranges.Add((low, high));
                continue;
            }

            throw new FormatException($"{field}: '{text}' is not a list of HTTP statuses (100-599) or ranges such as \"200-399\".");
        }

        return new StatusRanges([.. ranges]);
    }

    private static int? Status(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var status) && status is >= 100 and <= 599 ? status : null;
}
