using System.Globalization;
using System.Text;

namespace Lifeguard.Jobs.Adapters.Pdf;

/// <summary>One page's drawing, in points from the top-left corner.</summary>
public sealed class PdfPage
{
    private readonly PdfDocument _document;
    private readonly StringBuilder _content = new();

    internal PdfPage(PdfDocument document, double width, double height)
    {
        _document = document;
        Width = width;
        Height = height;
    }

    public double Width { get; }

    public double Height { get; }

    internal string Content => _content.ToString();

    internal HashSet<string> Fonts { get; } = [];

    internal List<string> Images { get; } = [];

    public void Rectangle(double x, double y, double width, double height, PdfColor? fill, PdfColor? stroke, double lineWidth)
    {
        Append($"q {N(lineWidth)} w ");
        fill?.AppendFill(_content);
        stroke?.AppendStroke(_content);
        var op = (fill, stroke) switch { (not null, not null) => "B", (not null, null) => "f", _ => "S" };
        Append($"{N(x)} {N(Height - y - height)} {N(width)} {N(height)} re {op} Q\n");
    }

    public void Line(double x1, double y1, double x2, double y2, PdfColor color, double lineWidth)
    {
        ArgumentNullException.ThrowIfNull(color);
        Append($"q {N(lineWidth)} w ");
        color.AppendStroke(_content);
        Append($"{N(x1)} {N(Height - y1)} m {N(x2)} {N(Height - y2)} l S Q\n");
    }

    /// <summary>An image added to the document (<see cref="PdfDocument.ImageResource"/>), scaled into the box.</summary>
    public void Place(string name, double x, double y, double width, double height)
    {
        if (!Images.Contains(name))
        {
            Images.Add(name);
        }

        Append($"q {N(width)} 0 0 {N(height)} {N(x)} {N(Height - y - height)} cm /{name} Do Q\n");
    }

    /// <summary>Lines of text laid out by <see cref="TextLayout"/>, first baseline one ascent below <paramref name="y"/>.</summary>
    public void Text(TrueTypeFont font, double size, IReadOnlyList<TextLine> lines, double y, double lineHeight, PdfColor color)
    {
        ArgumentNullException.ThrowIfNull(font);
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(color);
        var baseline = Height - y - (font.Ascent * size / font.UnitsPerEm);
        Append($"BT ");
        color.AppendFill(_content);
        for (var i = 0; i < lines.Count; i++)
        {
            var resource = _document.FontResource(font, lines[i].Text);
            Fonts.Add(resource);
            var glyphs = new StringBuilder();
            foreach (var rune in lines[i].Text.EnumerateRunes())
            {
                glyphs.Append(font.Glyph(rune.Value).ToString("X4", CultureInfo.InvariantCulture));
            }

            Append($"/{resource} {N(size)} Tf 1 0 0 1 {N(lines[i].X)} {N(baseline - (i * lineHeight))} Tm <{glyphs}> Tj ");
        }

        Append($"ET\n");
    }

    private void Append(FormattableString text) => _content.Append(text.ToString(CultureInfo.InvariantCulture));

    private static string N(double value) => PdfDocument.Number(value);
}
