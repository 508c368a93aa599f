using System.Globalization;
using System.Text;

namespace Lifeguard.Jobs.Adapters.Pdf;

/// <param name="X">Where the line starts on the page, after alignment.</param>
public sealed record TextLine(string Text, double X);

/// <summary>
/// Greedy word wrapping into a box, by the font's advance widths; paragraphs break at "\n". A word wider than the box
/// is broken between characters (as CSS's overflow-wrap: anywhere does), so no line runs past the box's edge.
/// </summary>
public static class TextLayout
{
    /// <summary>Spaces per tab: the fonts have no glyph for a tab, which would print as a missing-glyph box.</summary>
    public const int TabWidth = 4;

    /// <summary>Each tab replaced by spaces up to the next multiple of <see cref="TabWidth"/> characters in its line.</summary>
    public static string ExpandTabs(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Contains('\t', StringComparison.Ordinal))
        {
            return text;
        }

        var result = new StringBuilder(text.Length + 16);
        var column = 0;
        foreach (var c in text)
        {
            if (c == '\t')
            {
                var spaces = TabWidth - (column % TabWidth);
                result.Append(' ', spaces);
                column += spaces;
            }
            else
            {
                result.Append(c);
                column = c == '\n' ? 0 : column + 1;
            }
        }

        return result.ToString();
    }

    /// <param name="align">left, center or right.</param>
    public static IReadOnlyList<TextLine> Wrap(TrueTypeFont font, double size, string text, double x, double width, string align)
    {
        ArgumentNullException.ThrowIfNull(font);
        ArgumentNullException.ThrowIfNull(text);
        var lines = new List<string>();
        foreach (var paragraph in text.ReplaceLineEndings("\n").Split('\n'))
        {
            var line = string.Empty;
            foreach (var whole in paragraph.Split(' '))
            {
                foreach (var word in Pieces(font, size, whole, width))
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

    /// <summary>The word, or the pieces of it that each fit the width (at least one character each).</summary>
    private static IEnumerable<string> Pieces(TrueTypeFont font, double size, string word, double width)
    {
        if (font.Width(word, size) <= width)
        {
            yield return word;
            yield break;
        }

        var piece = new StringBuilder();
        var elements = StringInfo.GetTextElementEnumerator(word);
        while (elements.MoveNext())
        {
            var element = elements.GetTextElement();
            if (piece.Length > 0 && font.Width(piece + element, size) > width)
            {
                yield return piece.ToString();
                piece.Clear();
            }

            piece.Append(element);
        }

        if (piece.Length > 0)
        {
            yield return piece.ToString();
        }
    }
}
