using System.Globalization;
using System.Text;

namespace Lifeguard.Jobs.Adapters.Pdf;

/// <summary>
/// One page's drawing, in points from the top-left corner of its trim box. With bleed or crop marks the sheet is
/// larger (<see cref="Margin"/> on every side) and the drawing is moved onto it.
/// </summary>
public sealed class PdfPage
{
    /// <summary>Crop marks start this far from the trim edge (or at the bleed's edge, whichever is further) and are <see cref="MarkLength"/> long.</summary>
    public const double MarkOffset = 6;

    public const double MarkLength = 18;

    /// <summary>The page's name for the registration colour space (a /Separation /All).</summary>
    internal const string RegistrationSpace = "Reg";

    private readonly PdfDocument _document;
    private readonly StringBuilder _content = new();

    internal PdfPage(PdfDocument document, double width, double height, double bleed, bool cropMarks)
    {
        _document = document;
        Width = width;
        Height = height;
        Bleed = bleed;
        CropMarks = cropMarks;
        Margin = cropMarks ? Math.Max(MarkOffset, bleed) + MarkLength + 3 : bleed;
    }

    /// <summary>The trimmed page's size.</summary>
    public double Width { get; }

    public double Height { get; }

    public double Bleed { get; }

    public bool CropMarks { get; }

    /// <summary>The sheet beyond the trim edge on each side: the bleed, and the crop marks' room.</summary>
    public double Margin { get; }

    internal string Content
    {
        get
        {
            if (Margin == 0)
            {
                return _content.ToString();
            }

            // Artwork stops at the bleed's edge, so it never covers the crop marks.
            var sheet = new StringBuilder();
            sheet.Append(CultureInfo.InvariantCulture, $"q 1 0 0 1 {N(Margin)} {N(Margin)} cm {N(-Bleed)} {N(-Bleed)} {N(Width + (2 * Bleed))} {N(Height + (2 * Bleed))} re W n\n").Append(_content).Append("Q\n");
            if (CropMarks)
            {
                Marks(sheet);
            }

            return sheet.ToString();
        }
    }

    internal HashSet<string> Fonts { get; } = [];

    internal List<string> Images { get; } = [];

    /// <summary>Link annotations: the box on the sheet (x1 y1 x2 y2, PDF's own coordinates) and the address.</summary>
    internal List<(double X1, double Y1, double X2, double Y2, string Uri)> Links { get; } = [];

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

    /// <summary>
    /// An image added to the document (<see cref="PdfDocument.ImageResource"/>) in the box: "fill" stretches it to the
    /// box, "contain" scales it to fit inside and centres it, "cover" scales it to fill the box, centred and clipped.
    /// </summary>
    public void Place(string name, double x, double y, double width, double height, string fit = "fill")
    {
        if (!Images.Contains(name))
        {
            Images.Add(name);
        }

        var (pixelsWide, pixelsHigh) = _document.ImageSize(name);
        var (w, h) = (width, height);
        if (fit is "contain" or "cover")
        {
            var scale = fit == "contain" ? Math.Min(width / pixelsWide, height / pixelsHigh) : Math.Max(width / pixelsWide, height / pixelsHigh);
            (w, h) = (pixelsWide * scale, pixelsHigh * scale);
        }

        var bottom = Height - y - height;
        var clip = fit == "cover" ? $"{N(x)} {N(bottom)} {N(width)} {N(height)} re W n " : string.Empty;
        Append($"q {clip}{N(w)} 0 0 {N(h)} {N(x + ((width - w) / 2))} {N(bottom + ((height - h) / 2))} cm /{name} Do Q\n");
    }

    /// <summary>Lines laid out by <see cref="TextLayout"/>: the first baseline one ascent below <paramref name="y"/>, each next one <see cref="TextLayout.Advance"/> lower.</summary>
    public void Text(IReadOnlyList<TextLine> lines, double y, double lineHeight)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var baseline = Height - y - lines[0].Ascent;
        Append($"BT ");
        for (var i = 0; i < lines.Count; i++)
        {
            baseline -= i == 0 ? 0 : TextLayout.Advance(lines[i - 1], lines[i], lineHeight);
            foreach (var span in lines[i].Spans)
            {
                var font = span.Style.Font;
                var resource = _document.FontResource(font, span.Text);
                Fonts.Add(resource);
                var glyphs = new StringBuilder();
                foreach (var rune in span.Text.EnumerateRunes())
                {
                    glyphs.Append(font.Glyph(rune.Value).ToString("X4", CultureInfo.InvariantCulture));
                }

                span.Style.Color.AppendFill(_content);
                Append($"/{resource} {N(span.Style.Size)} Tf 1 0 0 1 {N(span.X)} {N(baseline)} Tm <{glyphs}> Tj ");
            }
        }

        Append($"ET\n");
    }

    /// <summary>A box (from the top-left, like the drawing) that opens <paramref name="uri"/> when clicked.</summary>
    public void Link(double x, double y, double width, double height, string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        Links.Add((Margin + x, Margin + Height - y - height, Margin + x + width, Margin + Height - y, uri));
    }

    /// <summary>Two marks at each corner, on the lines of the trim edges, outside the bleed.</summary>
    private void Marks(StringBuilder sheet)
    {
        var start = Math.Max(MarkOffset, Bleed);
        // Registration: the /All separation, which marks every plate, printers' devices included.
        sheet.Append("q 0.25 w /").Append(RegistrationSpace).Append(" CS 1 SCN ");
        foreach (var cornerX in new[] { Margin, Margin + Width })
        {
            foreach (var cornerY in new[] { Margin, Margin + Height })
            {
                var outX = cornerX == Margin ? -1 : 1;
                var outY = cornerY == Margin ? -1 : 1;
                sheet.Append(CultureInfo.InvariantCulture, $"{N(cornerX + (outX * start))} {N(cornerY)} m {N(cornerX + (outX * (start + MarkLength)))} {N(cornerY)} l ");
                sheet.Append(CultureInfo.InvariantCulture, $"{N(cornerX)} {N(cornerY + (outY * start))} m {N(cornerX)} {N(cornerY + (outY * (start + MarkLength)))} l ");
            }
        }

        sheet.Append("S Q\n");
    }

    private void Append(FormattableString text) => _content.Append(text.ToString(CultureInfo.InvariantCulture));

    private static string N(double value) => PdfDocument.Number(value);
}
