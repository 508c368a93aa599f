using System.Text.RegularExpressions;
using Lifeguard.Jobs.Adapters.Images;
using Lifeguard.Jobs.Adapters.Pdf;
using Lifeguard.Jobs.Domain;

namespace Lifeguard.Jobs.Tests.Adapters;

/// <summary>Templates rendered with real images and checked with poppler (pdfimages, pdftotext, pdftoppm) and qpdf.</summary>
[Trait("Category", "Integration")]
public sealed class PdfRendererTests : IDisposable
{
    private readonly TestImages _files = new();
    private readonly Dictionary<string, byte[]> _pictures = new(StringComparer.Ordinal);
    private int _reads;

    [Fact]
    public async Task Render_SameLogoOnEveryOfManyPages_IsReadAndEmbeddedOnce()
    {
        _pictures["logo.png"] = _files.Convert("-size", "300x300", "radial-gradient:orange-none", "logo.png");
        var template = new PdfTemplate { Pages = [.. Enumerable.Range(0, 200).Select(_ => new PdfTemplatePage { Elements = [Image("logo.png", 0, 0, 100, 100)] })] };

        var pdf = await RenderAsync(template);

        Assert.Equal(1, _reads);
        var images = ImageLines(pdf);
        Assert.Equal(400, images.Count); // every page lists its image and soft mask
        Assert.Single(images.Select(l => Regex.Split(l.Trim(), @"\s+")[10]).Distinct()); // one object number for the image
        Assert.True(pdf.Length < 200_000, $"{pdf.Length} bytes");
    }

    [Theory]
    [InlineData("tagged", "icc")]
    [InlineData("cmyk-adobe", "cmyk")]
    public async Task Render_Jpegs_ShowTheirColoursAsTheSourceDoes(string kind, string colour)
    {
        // Red everywhere: whichever way it is stored, the rendered page must be red.
        _pictures["photo.jpg"] = kind switch
        {
            "tagged" => _files.Convert("-size", "64x48", "xc:#c02040", "-profile", "/usr/share/color/icc/compatibleWithAdobeRGB1998.icc", "tagged.jpg"),
            _ => _files.Convert("-size", "64x48", "xc:red", "-colorspace", "CMYK", "cmyk-adobe.jpg"),
        };

        var pdf = await RenderAsync(new PdfTemplate { Pages = [new PdfTemplatePage { Width = 64, Height = 48, Elements = [Image("photo.jpg", 0, 0, 64, 48)] }] });

        Assert.Contains($" {colour} ", Assert.Single(ImageLines(pdf)), StringComparison.Ordinal);
        var rendered = Rendered(pdf);
        Assert.True(rendered[0] > 150 && rendered[1] < 90 && rendered[2] < 110, $"{kind}: the page shows {string.Join(",", rendered)}");
    }

    [Fact]
    public async Task Render_CmykJpegWithoutAdobeMarker_IsNotInverted()
    {
        // Only Adobe's APP14 marker says the values are stored inverted; without it a reader must not invert them.
        var adobe = _files.Convert("-size", "64x48", "xc:red", "-colorspace", "CMYK", "adobe.jpg");
        var template = new PdfTemplate { Pages = [new PdfTemplatePage { Width = 64, Height = 48, Elements = [Image("photo.jpg", 0, 0, 64, 48)] }] };
        _pictures["photo.jpg"] = adobe;
        var inverted = System.Text.Encoding.Latin1.GetString(await RenderAsync(template));
        _pictures["photo.jpg"] = TestImages.WithoutAdobeMarker(adobe);
        var plain = System.Text.Encoding.Latin1.GetString(await RenderAsync(template));

        Assert.Contains("/DeviceCMYK /Decode [1 0 1 0 1 0 1 0]", inverted, StringComparison.Ordinal);
        Assert.Contains("/DeviceCMYK /BitsPerComponent 8", plain, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_RotatedPhoto_IsPlacedUpright()
    {
        var stored = _files.Convert("-size", "300x200", "xc:navy", "-fill", "yellow", "-draw", "rectangle 0,0 60,40", "-rotate", "-90", "stored.jpg");
        _pictures["photo.jpg"] = TestImages.WithExifOrientation(stored, 6);

        var pdf = await RenderAsync(new PdfTemplate { Pages = [new PdfTemplatePage { Width = 300, Height = 200, Elements = [Image("photo.jpg", 0, 0, 300, 200)] }] });

        Assert.Matches(@"^\s*1\s+0\s+image\s+300\s+200\s", Assert.Single(ImageLines(pdf)));
    }

    [Fact]
    public async Task Render_WordWiderThanItsBox_IsBrokenInsideTheBox()
    {
        var text = new PdfElement { Type = "text", X = 50, Y = 50, Width = 100, Height = 200, Text = "Supercalifragilisticexpialidocious\tand\ttabs", Size = 14 };

        var pdf = await RenderAsync(new PdfTemplate { Pages = [new PdfTemplatePage { Width = 300, Height = 300, Elements = [text] }] });

        var path = Save(pdf, "words.pdf");
        var bbox = TestImages.Run("pdftotext", ["-bbox", path, "-"]);
        var right = Regex.Matches(bbox, @"xMax=""([\d.]+)""").Select(m => double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.NotEmpty(right);
        Assert.All(right, x => Assert.True(x <= 150.5, $"a word ends at {x}, past the box's right edge at 150"));
        var words = TestImages.Run("pdftotext", [path, "-"]);
        Assert.Contains("and", words, StringComparison.Ordinal);
        Assert.Equal("Supercalifragilisticexpialidocious", string.Concat(Regex.Matches(words, @"[A-Za-z]+").Select(m => m.Value).TakeWhile(w => w != "and")));
    }

    [Fact]
    public void Validate_LineHeightZeroAndHugeTemplates_AreRefusedNamingTheField()
    {
        var template = new PdfTemplate
        {
            Pages =
            [
                new PdfTemplatePage { Elements = [new PdfElement { Type = "text", Width = 100, Height = 100, Text = "x", LineHeight = 0 }] },
                new PdfTemplatePage { Elements = [.. Enumerable.Range(0, 1001).Select(i => Image($"i{i}.jpg", 0, 0, 10, 10))] },
            ],
        };

        var errors = PdfTemplateRules.Validate(template, FontCatalog.Names);

        Assert.Equal(
        [
            "pages[].elements: 1001 distinct images (bucket and key), over the limit of 100; an image placed many times counts once.",
            "pages[0].elements[0].lineHeight: 0 must be from 0.5 to 5 (a multiple of the size).",
            "pages[1].elements: 1,001 elements, over the limit of 1,000 per page.",
        ], errors);
    }

    private static PdfElement Image(string key, double x, double y, double width, double height) =>
        new() { Type = "image", Key = key, X = x, Y = y, Width = width, Height = height };

    private async Task<byte[]> RenderAsync(PdfTemplate template)
    {
        Assert.Empty(PdfTemplateRules.Validate(template, FontCatalog.Names));
        var renderer = new PdfRenderer(FontCatalog.Shipped, new VipsImageProcessor(100_000_000));
        var pdf = await renderer.RenderAsync(template, (_, key, _) =>
        {
            _reads++;
            return Task.FromResult(_pictures[key]);
        }, CancellationToken.None);
        Assert.Contains("No syntax or stream encoding errors found", TestImages.Run("qpdf", ["--check", Save(pdf, "check.pdf")]), StringComparison.Ordinal);
        return pdf;
    }

    /// <summary>pdfimages' list without its two header lines.</summary>
    private List<string> ImageLines(byte[] pdf) =>
        [.. TestImages.Run("pdfimages", ["-list", Save(pdf, "list.pdf")]).Split('\n').Skip(2).Where(l => l.Trim().Length > 0)];

    /// <summary>The page's mean colour as pdftoppm renders it.</summary>
    private int[] Rendered(byte[] pdf)
    {
        TestImages.Run("pdftoppm", ["-r", "36", "-png", "-singlefile", Save(pdf, "render.pdf"), _files.Path("render")]);
        var text = TestImages.Run("convert", [_files.Path("render.png"), "-resize", "1x1!", "-depth", "8", "txt:-"]);
        var match = Regex.Match(text, @"\((\d+),(\d+),(\d+)");
        return [.. Enumerable.Range(1, 3).Select(i => int.Parse(match.Groups[i].Value, System.Globalization.CultureInfo.InvariantCulture))];
    }

    private string Save(byte[] bytes, string name)
    {
        File.WriteAllBytes(_files.Path(name), bytes);
        return _files.Path(name);
    }

    public void Dispose() => _files.Dispose();
}
