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

    [Fact]
    public async Task Render_PrintPageWithBleedAndCropMarks_HasTrimAndBleedBoxesInkAndMarksOutsideTheBleed()
    {
        // 200 x 100 trimmed, 9 points of bleed, marks from 9 to 27 points outside the trim edge, 3 points of room.
        var template = new PdfTemplate
        {
            Bleed = 9,
            CropMarks = true,
            Pages =
            [
                new PdfTemplatePage
                {
                    Width = 200,
                    Height = 100,
                    Elements =
                    [
                        // Reaches 40 points past the trim edge on the left: clipped at the bleed, it must not cover the marks.
                        new PdfElement { Type = "rect", X = -40, Y = -9, Width = 249, Height = 118, Fill = "device-cmyk(0 100% 100% 0)" },
                        new PdfElement { Type = "text", X = 60, Y = 40, Width = 100, Height = 20, Text = "Black ink" },
                    ],
                },
            ],
        };

        var pdf = await RenderAsync(template);

        var boxes = TestImages.Run("pdfinfo", ["-box", Save(pdf, "print.pdf")]);
        Assert.Matches(@"MediaBox:\s+0\.00\s+0\.00\s+260\.00\s+160\.00", boxes);
        Assert.Matches(@"TrimBox:\s+30\.00\s+30\.00\s+230\.00\s+130\.00", boxes);
        Assert.Matches(@"BleedBox:\s+21\.00\s+21\.00\s+239\.00\s+139\.00", boxes);
        var content = PageContent(pdf);
        Assert.Contains("0 1 1 0 k", content, StringComparison.Ordinal);
        Assert.Contains("0 0 0 1 k", content, StringComparison.Ordinal); // the default black text is black ink alone
        Assert.Matches(@"/Separation\s+/All\s+/DeviceCMYK", content); // the marks are in registration
        // Rendered at 1 pixel a point without anti-aliasing; rows count from the top of the sheet.
        TestImages.Run("pdftoppm", ["-r", "72", "-aa", "no", "-aaVector", "no", "-png", "-singlefile", Save(pdf, "print.pdf"), _files.Path("sheet")]);
        int[] At(int x, int y) => Pixel(_files.Path("sheet.png"), x, y);
        static bool Red(int[] rgb) => rgb[0] > 200 && rgb[1] < 60 && rgb[2] < 60; // poppler's CMYK conversion gives 237,28,36
        Assert.True(Red(At(130, 115)), "inside the trim: the ink");
        Assert.True(Red(At(25, 25)), "in the bleed: the ink");
        Assert.Equal([255, 255, 255], At(15, 15)); // beyond the bleed
        Assert.True(At(10, 30).Sum() < 100, $"top-left horizontal mark, over artwork clipped at the bleed: {string.Join(",", At(10, 30))}");
        Assert.Equal([255, 255, 255], At(10, 50)); // the artwork that reached past the bleed is cut at it
        Assert.True(At(30, 10).Sum() < 100, $"top-left vertical mark: {string.Join(",", At(30, 10))}");
        Assert.True(At(250, 130).Sum() < 100, $"bottom-right horizontal mark: {string.Join(",", At(250, 130))}");
        Assert.True(Red(At(23, 30)), "the marks stop short of the bleed");
        Assert.Equal(pdf, await RenderAsync(template));
    }

    [Fact]
    public async Task Render_StyledRunsInOneParagraph_KeepTheirFacesColoursAndOrder()
    {
        var text = new PdfElement
        {
            Type = "text", X = 20, Y = 20, Width = 400, Height = 100, Font = "DejaVuSerif",
            Runs = [new PdfTextRun { Text = "Sale " }, new PdfTextRun { Text = "today", Bold = true, Color = "#ff0000" }, new PdfTextRun { Text = " only, ", Italic = true }, new PdfTextRun { Text = "really", Bold = true, Italic = true, Color = "device-cmyk(1 0 0 0)" }],
        };

        var pdf = await RenderAsync(new PdfTemplate { Pages = [new PdfTemplatePage { Width = 440, Height = 140, Elements = [text] }] });

        var path = Save(pdf, "runs.pdf");
        Assert.Equal("Sale today only, really", TestImages.Run("pdftotext", [path, "-"]).Trim());
        var fonts = TestImages.Run("pdffonts", [path]);
        foreach (var face in new[] { "DejaVuSerif ", "DejaVuSerif-Bold ", "DejaVuSerif-Italic ", "DejaVuSerif-BoldItalic " })
        {
            Assert.Contains("+" + face, fonts, StringComparison.Ordinal);
        }

        var content = PageContent(pdf);
        Assert.Contains("1 0 0 rg", content, StringComparison.Ordinal);
        Assert.Contains("1 0 0 0 k", content, StringComparison.Ordinal);
        var tops = Regex.Matches(TestImages.Run("pdftotext", ["-bbox", path, "-"]), @"yMin=""([\d.]+)""").Select(m => double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(4, tops.Count);
        Assert.True(tops.Max() - tops.Min() < 1, $"one line (the faces' ascents differ a little): {string.Join(", ", tops)}");
    }

    [Fact]
    public async Task Render_SmallLineAfterALargeOne_ClearsItsDescendersAndOddSpacingIsASpace()
    {
        var text = new PdfElement
        {
            Type = "text", X = 20, Y = 20, Width = 400, Height = 200, LineHeight = 1.2,
            Runs = [new PdfTextRun { Text = "Jumpy\n", Size = 40 }, new PdfTextRun { Text = "small\vline", Size = 10 }],
        };

        var pdf = await RenderAsync(new PdfTemplate { Pages = [new PdfTemplatePage { Width = 440, Height = 240, Elements = [text] }] });

        var bbox = TestImages.Run("pdftotext", ["-bbox", Save(pdf, "lines.pdf"), "-"]);
        var words = Regex.Matches(bbox, @"yMin=""([\d.]+)"" xMax=""[\d.]+"" yMax=""([\d.]+)"">([^<]+)<").ToDictionary(m => m.Groups[3].Value, m => (Top: double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), Bottom: double.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(["Jumpy", "small", "line"], words.Keys.ToArray());
        Assert.True(words["small"].Top >= words["Jumpy"].Bottom, $"the small line starts at {words["small"].Top}, inside the large one ending at {words["Jumpy"].Bottom}");
    }

    [Fact]
    public async Task Render_TextThatDoesNotFit_ShrinksWhenAskedAndFailsOtherwise()
    {
        var words = string.Join(' ', Enumerable.Repeat("Shrink this paragraph until it fits.", 12));
        PdfTemplate Template(string? fit, double minSize = 6) => new()
        {
            Pages = [new PdfTemplatePage { Width = 300, Height = 300, Elements = [new PdfElement { Type = "text", X = 50, Y = 50, Width = 200, Height = 100, Text = words, Size = 24, Fit = fit, MinSize = minSize }] }],
        };

        var pdf = await RenderAsync(Template("shrink"));

        var bbox = TestImages.Run("pdftotext", ["-bbox", Save(pdf, "shrink.pdf"), "-"]);
        double[] Values(string name) => [.. Regex.Matches(bbox, name + @"=""([\d.]+)""").Select(m => double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))];
        Assert.Equal(12 * 6, Values("xMin").Length); // every word is there
        Assert.True(Values("yMax").Max() <= 150.5, $"the text ends at {Values("yMax").Max()}, below the box's bottom at 150");
        Assert.True(Values("xMax").Max() <= 250.5, $"the text reaches {Values("xMax").Max()}, past the box's right edge at 250");
        var rendered = new PdfRenderer(FontCatalog.Shipped, new VipsImageProcessor(100_000_000));
        var unfit = await Assert.ThrowsAsync<JobRejectedException>(() => rendered.RenderAsync(Template(null), (_, _, _) => Task.FromResult(Array.Empty<byte>()), CancellationToken.None));
        Assert.StartsWith("pages[0].elements[0].text: needs ", unfit.Message, StringComparison.Ordinal);
        var floor = await Assert.ThrowsAsync<JobRejectedException>(() => rendered.RenderAsync(Template("shrink", 20), (_, _, _) => Task.FromResult(Array.Empty<byte>()), CancellationToken.None));
        Assert.Contains("even at minSize 20", floor.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("contain", 0, 25, 100, 75)] // a 2:1 picture in a square box: bands above and below
    [InlineData("cover", 0, 0, 100, 100)] // fills the box, its sides cut off
    [InlineData("fill", 0, 0, 100, 100)]
    public async Task Render_ImageFit_PlacesThePictureInsideItsBox(string fit, int left, int top, int right, int bottom)
    {
        _pictures["wide.png"] = _files.Convert("-size", "200x100", "xc:blue", "wide.png");
        // The box is the middle of a 300 x 100 page: nothing may be drawn beside it.
        var template = new PdfTemplate { Pages = [new PdfTemplatePage { Width = 300, Height = 100, Elements = [Image("wide.png", 100, 0, 100, 100) with { Fit = fit }] }] };

        var pdf = await RenderAsync(template);

        TestImages.Run("pdftoppm", ["-r", "72", "-aa", "no", "-aaVector", "no", "-png", "-singlefile", Save(pdf, "fit.pdf"), _files.Path("fit")]);
        var page = _files.Path("fit.png");
        Assert.Equal([0, 0, 255], Pixel(page, 100 + ((left + right) / 2), (top + bottom) / 2));
        Assert.Equal([255, 255, 255], Pixel(page, 98, 50));
        Assert.Equal([255, 255, 255], Pixel(page, 202, 50));
        if (top > 0)
        {
            Assert.Equal([255, 255, 255], Pixel(page, 150, top - 3));
            Assert.Equal([0, 0, 255], Pixel(page, 150, top + 3));
            Assert.Equal([255, 255, 255], Pixel(page, 150, bottom + 3));
        }
    }

    [Fact]
    public async Task Render_Links_AreClickableBoxesWithTheirAddresses()
    {
        var template = new PdfTemplate
        {
            Bleed = 9,
            Pages =
            [
                new PdfTemplatePage
                {
                    Elements =
                    [
                        new PdfElement { Type = "text", X = 40, Y = 40, Width = 300, Height = 40, Text = "Order now", Link = "https://shop.example.com/order?id=(42)" },
                        new PdfElement { Type = "rect", X = 40, Y = 100, Width = 100, Height = 20, Fill = "#eeeeee", Link = "mailto:hello@example.com" },
                        new PdfElement { Type = "line", X = 40, Y = 150, X2 = 200, Y2 = 150, Link = "https://example.com/rule" },
                    ],
                },
            ],
        };

        var pdf = await RenderAsync(template);

        var urls = TestImages.Run("pdfinfo", ["-url", Save(pdf, "links.pdf")]);
        Assert.Matches(@"\s1\s+Annotation\s+https://shop\.example\.com/order\?id=\(42\)\n", urls);
        Assert.Matches(@"\s1\s+Annotation\s+mailto:hello@example\.com\n", urls);
        // The first link's box, on the sheet: 9 points of bleed to the left of and below the trimmed page.
        Assert.Matches(@"/Rect \[49 771 349 811\]", System.Text.Encoding.Latin1.GetString(pdf));
        Assert.Matches(@"/Rect \[47 699 211 703\]", System.Text.Encoding.Latin1.GetString(pdf)); // a straight line's box, 2 points either side
    }

    [Fact]
    public void Validate_PrintOptions_NameTheFieldOfEachMistake()
    {
        var template = new PdfTemplate
        {
            Bleed = 100,
            Pages =
            [
                new PdfTemplatePage
                {
                    Elements =
                    [
                        new PdfElement { Type = "rect", Width = 10, Height = 10, Fill = "device-cmyk(0 120% 0 0)", Fit = "cover", Link = "javascript:alert(1)" },
                        new PdfElement { Type = "text", Width = 10, Height = 10, Text = "x", Runs = [new PdfTextRun { Font = "Comic", Size = 0 }], Fit = "shrink", MinSize = 20 },
                        Image("a.png", 0, 0, 10, 10) with { Fit = "stretch" },
                    ],
                },
            ],
        };

        var errors = PdfTemplateRules.Validate(template, FontCatalog.Names);

        Assert.Equal(
        [
            "bleed: 100 must be from 0 to 72 points (3 mm is about 9).",
            "pages[0].elements[0].fill: 'device-cmyk(0 120% 0 0)' is not a colour such as \"#336699\" or \"device-cmyk(0% 80% 80% 30%)\".",
            "pages[0].elements[0].fit: a rect has no fit.",
            "pages[0].elements[0].link: 'javascript:alert(1)' must be an http, https or mailto address of at most 2000 characters, spaces and other characters percent-encoded.",
            "pages[0].elements[1].text: a text element needs its text, or its runs, not both.",
            "pages[0].elements[1].minSize: 20 must be from 1 to the smallest size of its text (0); shrinking scales every run alike.",
            "pages[0].elements[1].runs[0].text: a run needs its text.",
            $"pages[0].elements[1].runs[0].font: 'Comic' is not one of {string.Join(", ", FontCatalog.Names)}.",
            "pages[0].elements[1].runs[0].size: 0 must be from 1 to 500 points.",
            "pages[0].elements[2].fit: 'stretch' must be fill, contain, cover.",
        ], errors);
    }

    /// <summary>The first page's content stream, uncompressed by qpdf.</summary>
    private string PageContent(byte[] pdf)
    {
        TestImages.Run("qpdf", ["--qdf", "--object-streams=disable", Save(pdf, "content.pdf"), _files.Path("content-qdf.pdf")]);
        return System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(_files.Path("content-qdf.pdf")));
    }

    /// <summary>One pixel's RGB, x and y from the top-left corner.</summary>
    private static int[] Pixel(string png, int x, int y)
    {
        var text = TestImages.Run("convert", [png, "-crop", $"1x1+{x}+{y}", "-depth", "8", "txt:-"]);
        var match = Regex.Match(text, @"\((\d+),(\d+),(\d+)");
        return [.. Enumerable.Range(1, 3).Select(i => int.Parse(match.Groups[i].Value, System.Globalization.CultureInfo.InvariantCulture))];
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
