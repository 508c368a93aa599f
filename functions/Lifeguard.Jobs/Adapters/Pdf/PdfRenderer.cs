using System.Text;
using Lifeguard.Jobs.Adapters.Images;
using Lifeguard.Jobs.Domain;

namespace Lifeguard.Jobs.Adapters.Pdf;

/// <summary>
/// Renders a validated template. Each distinct image (bucket and key) is read, checked and embedded once, however many
/// pages place it: a JPEG a reader shows right goes in as it is (with its ICC profile), any other is made upright sRGB
/// by libvips (JPEG data again, or Flate pixels with the alpha channel as a soft mask).
/// </summary>
public sealed class PdfRenderer(FontCatalog fonts, IImageProcessor images)
{
    public async Task<byte[]> RenderAsync(PdfTemplate template, Func<string?, string, CancellationToken, Task<byte[]>> readImage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(readImage);
        var document = new PdfDocument();
        var placed = new Dictionary<(string?, string), string>();
        // A print template's black is black ink alone: text and hairlines in four inks would show every misregistration.
        var print = template.Bleed > 0 || template.CropMarks;
        PdfColor? Ink(string? colour) => print && colour is "#000000" ? PdfColor.Key : PdfColor.Parse(colour);
        for (var p = 0; p < template.Pages.Count; p++)
        {
            var page = document.AddPage(template.Pages[p].Width, template.Pages[p].Height, template.Bleed, template.CropMarks);
            for (var e = 0; e < template.Pages[p].Elements.Count; e++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var element = template.Pages[p].Elements[e];
                var path = $"pages[{p}].elements[{e}]";
                switch (element.Type)
                {
                    case "rect":
                        page.Rectangle(element.X, element.Y, element.Width, element.Height, Ink(element.Fill), Ink(element.Stroke), element.LineWidth);
                        break;
                    case "line":
                        page.Line(element.X, element.Y, element.X2, element.Y2, Ink(element.Color)!, element.LineWidth);
                        break;
                    case "text":
                        Text(page, element, path, Ink);
                        break;
                    default:
                        var source = (element.Bucket, element.Key!);
                        if (!placed.TryGetValue(source, out var name))
                        {
                            var bytes = await readImage(element.Bucket, element.Key!, cancellationToken).ConfigureAwait(false);
                            name = document.ImageResource(Picture(bytes, path, cancellationToken));
                            placed[source] = name;
                        }

                        page.Place(name, element.X, element.Y, element.Width, element.Height, element.Fit ?? "fill");
                        break;
                }

                if (element.Link is { } link)
                {
                    // A line's box is padded so that a straight line still has something to click.
                    var pad = element.Type == "line" ? Math.Max(element.LineWidth / 2, 2) : 0;
                    var (x, y) = element.Type == "line" ? (Math.Min(element.X, element.X2) - pad, Math.Min(element.Y, element.Y2) - pad) : (element.X, element.Y);
                    var (width, height) = element.Type == "line" ? (Math.Abs(element.X2 - element.X) + (2 * pad), Math.Abs(element.Y2 - element.Y) + (2 * pad)) : (element.Width, element.Height);
                    page.Link(x, y, width, height, link);
                }
            }
        }

        return document.Save();
    }

    private void Text(PdfPage page, PdfElement element, string path, Func<string?, PdfColor?> ink)
    {
        var runs = element.Runs ?? [new PdfTextRun { Text = element.Text }];
        var styled = runs.Select(r => (Text: r.Text!, Font: fonts.Get(Face(element, r)), Size: r.Size ?? element.Size, Color: ink(r.Color ?? element.Color)!)).ToList();
        for (var r = 0; r < runs.Count; r++)
        {
            var font = styled[r].Font;
            var missing = runs[r].Text!.EnumerateRunes().Where(c => !Rune.IsWhiteSpace(c) && font.Glyph(c.Value) == 0).Select(c => c.ToString()).Distinct().ToList();
            if (missing.Count > 0)
            {
                throw new JobRejectedException($"{path}.{(element.Runs is null ? "text" : $"runs[{r}].text")}: {font.PostScriptName} has no glyph for {string.Join(" ", missing)}.");
            }
        }

        IReadOnlyList<TextLine> Lines(double scale) =>
            TextLayout.Wrap([.. styled.Select(r => new TextRun(r.Text, new TextStyle(r.Font, r.Size * scale, r.Color)))], element.X, element.Width, element.Align);
        bool Fits(IReadOnlyList<TextLine> lines) => TextLayout.Height(lines, element.LineHeight) <= element.Height;

        var lines = Lines(1);
        if (!Fits(lines) && element.Fit == "shrink")
        {
            // The largest scale that fits, to within 1 %: wrapping is not strictly monotonic, so only a layout seen to fit is kept.
            var (low, high) = (Math.Min(1, element.MinSize / styled.Min(r => r.Size)), 1.0);
            lines = Lines(low);
            for (var i = 0; i < 7 && high - low > 0.01 && Fits(lines); i++)
            {
                // Each layout kept here fits: the loop's test only stops it at once when the smallest scale does not.
                var middle = (low + high) / 2;
                var candidate = Lines(middle);
                (low, high, lines) = Fits(candidate) ? (middle, high, candidate) : (low, middle, lines);
            }
        }

        if (!Fits(lines))
        {
            var at = element.Fit == "shrink" ? $" even at minSize {element.MinSize}" : string.Empty;
            throw new JobRejectedException($"{path}.text: needs {lines.Count} lines, {TextLayout.Height(lines, element.LineHeight):0.#} points high at size {lines.Max(l => l.Size):0.#}{at}, and its box is {element.Height} high.");
        }

        page.Text(lines, element.Y, element.LineHeight);
    }

    private static string Face(PdfElement element, PdfTextRun run) => FontFaces.Resolve(run.Font ?? element.Font, run.Bold, run.Italic)!;

    private PdfPicture Picture(byte[] image, string path, CancellationToken cancellationToken)
    {
        try
        {
            return images.Picture(image, cancellationToken);
        }
        catch (JobRejectedException ex)
        {
            throw new JobRejectedException($"{path}.key: {ex.Message}", ex);
        }
    }
}
