using System.Globalization;
using System.Text;

namespace Lifeguard.Jobs.Adapters.Pdf;

/// <summary>How a run of text looks.</summary>
public sealed record TextStyle(TrueTypeFont Font, double Size, PdfColor Color)
{
    /// <summary>Points above the baseline.</summary>
    public double Ascent => Font.Ascent * Size / Font.UnitsPerEm;

    /// <summary>Points below the baseline (positive).</summary>
    public double Descent => -Font.Descent * Size / Font.UnitsPerEm;
}

/// <summary>A piece of a paragraph in one style.</summary>
public sealed record TextRun(string Text, TextStyle Style);

/// <param name="X">Where the span starts on the page.</param>
public sealed record TextSpan(string Text, TextStyle Style, double X);

/// <param name="Size">The largest size on the line, which sets its distance from the line before.</param>
public sealed record TextLine(IReadOnlyList<TextSpan> Spans, double Size, double Ascent, double Descent);

/// <summary>
/// Greedy word wrapping of styled runs into a box, by the fonts' advance widths; paragraphs break at "\n". A word may
/// change style inside it. A word wider than the box is broken between characters (as CSS's overflow-wrap: anywhere
/// does), so no line runs past the box's edge.
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

    /// <summary>One run in one style.</summary>
    public static IReadOnlyList<TextLine> Wrap(TextStyle style, string text, double x, double width, string align) =>
        Wrap([new TextRun(text, style)], x, width, align);

    /// <param name="align">left, center or right.</param>
    public static IReadOnlyList<TextLine> Wrap(IReadOnlyList<TextRun> runs, double x, double width, string align)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var lines = new List<TextLine>();
        var line = new List<Glyph>();
        var spaces = new List<Glyph>();
        var word = new List<Glyph>();
        var style = runs.Count > 0 ? runs[0].Style : throw new ArgumentException("No runs.", nameof(runs));
        var lineWidth = 0.0;

        void Emit()
        {
            lines.Add(Line(line, style, x, width, lineWidth, align));
            line.Clear();
            lineWidth = 0;
        }

        void Place(List<Glyph> piece)
        {
            var pieceWidth = piece.Sum(g => g.Width);
            var gap = spaces.Sum(g => g.Width);
            if (line.Count > 0 && lineWidth + gap + pieceWidth > width)
            {
                Emit();
            }
            else if (line.Count > 0)
            {
                line.AddRange(spaces);
                lineWidth += gap;
            }

            spaces.Clear();
            line.AddRange(piece);
            lineWidth += pieceWidth;
        }

        void EndWord()
        {
            if (word.Count == 0)
            {
                return;
            }

            foreach (var piece in Pieces(word, width))
            {
                Place(piece);
            }

            word.Clear();
        }

        foreach (var run in runs)
        {
            style = run.Style;
            var elements = StringInfo.GetTextElementEnumerator(ExpandTabs(run.Text).ReplaceLineEndings("\n"));
            while (elements.MoveNext())
            {
                var element = elements.GetTextElement();
                switch (element)
                {
                    case "\n":
                        EndWord();
                        spaces.Clear();
                        Emit();
                        break;
                    case " ":
                        EndWord();
                        spaces.Add(new Glyph(element, style, style.Font.Width(element, style.Size)));
                        break;
                    case var other when string.IsNullOrWhiteSpace(other) && style.Font.Glyph(char.ConvertToUtf32(other, 0)) == 0:
                        // Other spacing the font has no glyph for (a vertical tab, a form feed) would print as a box.
                        EndWord();
                        spaces.Add(new Glyph(" ", style, style.Font.Width(" ", style.Size)));
                        break;
                    default:
                        word.Add(new Glyph(element, style, style.Font.Width(element, style.Size)));
                        break;
                }
            }
        }

        EndWord();
        Emit();
        return lines;
    }

    /// <summary>From the top of the first line to the bottom of the last.</summary>
    public static double Height(IReadOnlyList<TextLine> lines, double lineHeight)
    {
        ArgumentNullException.ThrowIfNull(lines);
        return lines[0].Ascent + lines.Skip(1).Select((l, i) => Advance(lines[i], l, lineHeight)).Sum() + lines[^1].Descent;
    }

    /// <summary>
    /// From one baseline to the next, as CSS stacks line boxes: each line is its size times
    /// <paramref name="lineHeight"/> high with the leading shared above and below its glyphs, so lines of one size
    /// are size x lineHeight apart and a small line after a large one clears the large one's descenders.
    /// </summary>
    public static double Advance(TextLine previous, TextLine line, double lineHeight)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(line);
        var below = ((previous.Size * lineHeight) + previous.Descent - previous.Ascent) / 2;
        var above = ((line.Size * lineHeight) + line.Ascent - line.Descent) / 2;
        return below + above;
    }

    private static TextLine Line(List<Glyph> glyphs, TextStyle fallback, double x, double width, double lineWidth, string align)
    {
        var start = align switch
        {
            "center" => x + ((width - lineWidth) / 2),
            "right" => x + width - lineWidth,
            _ => x,
        };
        var spans = new List<TextSpan>();
        var text = new StringBuilder();
        var (at, next) = (start, start);
        for (var i = 0; i < glyphs.Count; i++)
        {
            text.Append(glyphs[i].Text);
            next += glyphs[i].Width;
            if (i == glyphs.Count - 1 || glyphs[i + 1].Style != glyphs[i].Style)
            {
                spans.Add(new TextSpan(text.ToString(), glyphs[i].Style, at));
                at = next;
                text.Clear();
            }
        }

        var styles = glyphs.Count > 0 ? glyphs.Select(g => g.Style).Distinct().ToList() : [fallback];
        return new TextLine(spans, styles.Max(s => s.Size), styles.Max(s => s.Ascent), styles.Max(s => s.Descent));
    }

    /// <summary>The word, or the pieces of it that each fit the width (at least one character each).</summary>
    private static IEnumerable<List<Glyph>> Pieces(List<Glyph> word, double width)
    {
        if (word.Sum(g => g.Width) <= width)
        {
            yield return word;
            yield break;
        }

        var piece = new List<Glyph>();
        var pieceWidth = 0.0;
        foreach (var glyph in word)
        {
            if (piece.Count > 0 && pieceWidth + glyph.Width > width)
            {
                yield return piece;
                piece = [];
                pieceWidth = 0;
            }

            piece.Add(glyph);
            pieceWidth += glyph.Width;
        }

        if (piece.Count > 0)
        {
            yield return piece;
        }
    }

    /// <summary>One text element (grapheme) in its style, with its advance in points.</summary>
    private sealed record Glyph(string Text, TextStyle Style, double Width);
}
