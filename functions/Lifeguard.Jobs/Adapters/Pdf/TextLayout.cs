namespace Lifeguard.Jobs.Adapters.Pdf;

/// <param name="X">Where the line starts on the page, after alignment.</param>
public sealed record TextLine(string Text, double X);

/// <summary>Greedy word wrapping into a box, by the font's advance widths; paragraphs break at "\n".</summary>
public static class TextLayout
{
    /// <param name="align">left, center or right.</param>
    public static IReadOnlyList<TextLine> Wrap(TrueTypeFont font, double size, string text, double x, double width, string align)
    {
        ArgumentNullException.ThrowIfNull(font);
        ArgumentNullException.ThrowIfNull(text);
        var lines = new List<string>();
        foreach (var paragraph in text.ReplaceLineEndings("\n").Split('\n'))
        {
            var line = string.Empty;
            foreach (var word in paragraph.Split(' '))
            {
                var candidate = line.Length == 0 ? word : $"{line} {word}";
                if (line.Length > 0 && font.Width(candidate, size) > width)
                {
                    lines.Add(line);
                    line = word;
                }
                else
                {
                    line = candidate;
                }
            }

            lines.Add(line);
        }

        return [.. lines.Select(l => new TextLine(l, align switch
        {
            "center" => x + ((width - font.Width(l, size)) / 2),
            "right" => x + width - font.Width(l, size),
            _ => x,
        }))];
    }
}
