using System.Globalization;

namespace Lifeguard.Jobs.Domain;

/// <summary>
/// A template's colours: "#rrggbb" for the screen, or "device-cmyk(c m y k)" for print as CSS Color 5 writes it (each
/// component 0 to 1 or 0% to 100%, commas allowed), which goes into the PDF as those very inks.
/// </summary>
public static class TemplateColour
{
    /// <summary>Three components (RGB) or four (CMYK), each 0 to 1; null when <paramref name="text"/> is neither form.</summary>
    public static IReadOnlyList<double>? Components(string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (JobRules.IsColour(text, alpha: false))
        {
            var rgb = int.Parse(text.AsSpan(1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            return [((rgb >> 16) & 0xFF) / 255.0, ((rgb >> 8) & 0xFF) / 255.0, (rgb & 0xFF) / 255.0];
        }

        const string Cmyk = "device-cmyk(";
        if (!text.StartsWith(Cmyk, StringComparison.OrdinalIgnoreCase) || !text.EndsWith(')'))
        {
            return null;
        }

        var parts = text[Cmyk.Length..^1].Split([' ', ','], StringSplitOptions.RemoveEmptyEntries);
        var components = new List<double>(4);
        foreach (var part in parts)
        {
            var percent = part.EndsWith('%');
            if (!double.TryParse(percent ? part[..^1] : part, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                return null;
            }

            value = percent ? value / 100 : value;
            if (value is < 0 or > 1 || double.IsNaN(value))
            {
                return null;
            }

            components.Add(value);
        }

        return components.Count == 4 ? components : null;
    }
}
