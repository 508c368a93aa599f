using Lifeguard.Jobs.Adapters.Images;
using System.Text;
using Lifeguard.Jobs.Domain;

namespace Lifeguard.Jobs.Adapters.Pdf;

/// <summary>
/// Renders a validated template. Images come through <paramref name="readImage"/>; JPEGs go in as they are, other
/// formats are re-encoded as JPEG by libvips first (alpha laid over white).
/// </summary>
public sealed class PdfRenderer(FontCatalog fonts, IImageProcessor images)
{
    public async Task<byte[]> RenderAsync(PdfTemplate template, Func<string?, string, CancellationToken, Task<byte[]>> readImage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(readImage);
        var document = new PdfDocument();
        for (var p = 0; p < template.Pages.Count; p++)
        {
            var page = document.AddPage(template.Pages[p].Width, template.Pages[p].Height);
            for (var e = 0; e < template.Pages[p].Elements.Count; e++)
            {
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
                        var image = await readImage(element.Bucket, element.Key!, cancellationToken).ConfigureAwait(false);
                        page.Jpeg(AsJpeg(image, path), element.X, element.Y, element.Width, element.Height);
                        break;
                }
            }
        }

        return document.Save();
    }

    private void Text(PdfPage page, PdfElement element, string path)
    {
        var font = fonts.Get(element.Font);
        var lines = TextLayout.Wrap(font, element.Size, element.Text!, element.X, element.Width, element.Align);
        var lineHeight = element.Size * element.LineHeight;
        var room = (int)Math.Floor(((element.Height - (element.Size * (font.Ascent - font.Descent) / font.UnitsPerEm)) / lineHeight) + 1);
        if (lines.Count > room)
        {
            throw new JobRejectedException($"{path}.text: needs {lines.Count} lines at size {element.Size}, and its box has room for {Math.Max(room, 0)}.");
        }

        var missing = element.Text!.EnumerateRunes().Where(r => !Rune.IsWhiteSpace(r) && font.Glyph(r.Value) == 0).Select(r => r.ToString()).Distinct().ToList();
        if (missing.Count > 0)
        {
            throw new JobRejectedException($"{path}.text: {element.Font} has no glyph for {string.Join(" ", missing)}.");
        }

        page.Text(font, element.Size, lines, element.Y, lineHeight, PdfColor.Parse(element.Color)!);
    }

    private byte[] AsJpeg(byte[] image, string path)
    {
        try
        {
            JpegInfo.Read(image);
            return image;
        }
        catch (InvalidDataException)
        {
            try
            {
                return images.Thumbnails(image, [new ImageOutputSpec { Name = "image", Width = 10_000, Format = "jpeg", Quality = 92 }])[0].Content;
            }
            catch (JobRejectedException ex)
            {
                throw new JobRejectedException($"{path}.key: {ex.Message}", ex);
            }
        }
    }
}
