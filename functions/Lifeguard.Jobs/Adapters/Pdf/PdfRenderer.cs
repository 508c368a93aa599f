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
        for (var p = 0; p < template.Pages.Count; p++)
        {
            var page = document.AddPage(template.Pages[p].Width, template.Pages[p].Height);
            for (var e = 0; e < template.Pages[p].Elements.Count; e++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var element = template.Pages[p].Elements[e];
                var path = $"pages[{p}].elements[{e}]";
                switch (element.Type)
                {
                    case "rect":
                        page.Rectangle(element.X, element.Y, element.Width, element.Height, PdfColor.Parse(element.Fill), PdfColor.Parse(element.Stroke), element.LineWidth);
                        break;
                    case "line":
                        page.Line(element.X, element.Y, element.X2, element.Y2, PdfColor.Parse(element.Color)!, element.LineWidth);
                        break;
                    case "text":
                        Text(page, element, path);
                        break;
                    default:
                        var source = (element.Bucket, element.Key!);
                        if (!placed.TryGetValue(source, out var name))
                        {
                            var bytes = await readImage(element.Bucket, element.Key!, cancellationToken).ConfigureAwait(false);
                            name = document.ImageResource(Picture(bytes, path, cancellationToken));
                            placed[source] = name;
                        }

                        page.Place(name, element.X, element.Y, element.Width, element.Height);
                        break;
                }
            }
        }

        return document.Save();
    }

    private void Text(PdfPage page, PdfElement element, string path)
    {
        var font = fonts.Get(element.Font);
        var text = TextLayout.ExpandTabs(element.Text!);
        var missing = text.EnumerateRunes().Where(r => !Rune.IsWhiteSpace(r) && font.Glyph(r.Value) == 0).Select(r => r.ToString()).Distinct().ToList();
        if (missing.Count > 0)
        {
            throw new JobRejectedException($"{path}.text: {element.Font} has no glyph for {string.Join(" ", missing)}.");
        }

        var lines = TextLayout.Wrap(font, element.Size, text, element.X, element.Width, element.Align);
        var lineHeight = element.Size * element.LineHeight;
        var room = (int)Math.Floor(((element.Height - (element.Size * (font.Ascent - font.Descent) / font.UnitsPerEm)) / lineHeight) + 1);
        if (lines.Count > room)
        {
            throw new JobRejectedException($"{path}.text: needs {lines.Count} lines at size {element.Size}, and its box has room for {Math.Max(room, 0)}.");
        }

        page.Text(font, element.Size, lines, element.Y, lineHeight, PdfColor.Parse(element.Color)!);
    }

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
