using Lifeguard.Jobs.Adapters.Images;
using System.Text;
using Lifeguard.Jobs.Domain;

namespace Lifeguard.Jobs.Adapters.Pdf;

/// <summary>
/// Renders a validated template. Images come through the reader; JPEGs go in as they are, other formats are decoded
/// by libvips and go in Flate-compressed, their alpha channel as a soft mask.
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
                        if (IsJpeg(image))
                        {
                            page.Jpeg(image, element.X, element.Y, element.Width, element.Height);
                        }
                        else
                        {
                            page.Image(Decode(image, path), element.X, element.Y, element.Width, element.Height);
                        }

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

    private static bool IsJpeg(byte[] image)
    {
        try
        {
            JpegInfo.Read(image);
            return true;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    private RawImage Decode(byte[] image, string path)
    {
        try
        {
            return images.Decode(image);
        }
        catch (JobRejectedException ex)
        {
            throw new JobRejectedException($"{path}.key: {ex.Message}", ex);
        }
    }
}
