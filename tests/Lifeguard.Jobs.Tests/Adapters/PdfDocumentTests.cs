using Lifeguard.Jobs.Adapters.Pdf;

namespace Lifeguard.Jobs.Tests.Adapters;

/// <summary>Our PDF writer's output, checked by poppler and qpdf (implementations nobody here wrote).</summary>
[Trait("Category", "Integration")]
public sealed class PdfDocumentTests : IDisposable
{
    private const string FontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    private const string Text = "Grand opening: café, crème brûlée, naïve Zoë — everything €5. Ünïcödé ǅ ß ø å!";
    private readonly TestImages _files = new();

    [Fact]
    public void Save_TextRectanglesLinesAndAJpeg_PassesQpdfAndGivesTheTextBack()
    {
        var font = new TrueTypeFont("DejaVuSans", File.ReadAllBytes(FontPath));
        var document = new PdfDocument();
        var page = document.AddPage(595, 842);
        page.Rectangle(40, 40, 515, 120, PdfColor.Parse("#ffe0b0"), PdfColor.Black, 1);
        page.Line(40, 180, 555, 180, PdfColor.Parse("#336699")!, 2);
        page.Text(TextLayout.Wrap(new TextStyle(font, 14, PdfColor.Black), Text, 50, 300, "left"), 50, 1.2);
        var photo = _files.Convert("-size", "320x200", "plasma:fractal", "photo.jpg");
        page.Place(document.ImageResource(new Lifeguard.Jobs.Adapters.Images.PdfPicture(320, 200, photo, 3, false, null, null)), 50, 200, 320, 200);
        document.AddPage(842, 595).Text(TextLayout.Wrap(new TextStyle(font, 24, PdfColor.Black), "Second page, landscape", 0, 842, "center"), 100, 1.25);

        var path = _files.Path("out.pdf");
        File.WriteAllBytes(path, document.Save());

        Assert.Equal("checking out.pdf\nPDF Version: 1.7\nFile is not encrypted\nFile is not linearized\nNo syntax or stream encoding errors found; the file may still contain\nerrors that qpdf cannot detect\n",
            TestImages.Run("qpdf", ["--check", path]).Replace(path, "out.pdf", StringComparison.Ordinal));
        var text = TestImages.Run("pdftotext", ["-layout", "-enc", "UTF-8", path, "-"]);
        Assert.Equal(Normalize(Text + " Second page, landscape"), Normalize(text));
        var fonts = TestImages.Run("pdffonts", [path]).Split('\n')[2];
        Assert.Matches(@"^[A-Z]{6}\+DejaVuSans\s+CID TrueType\s+Identity-H\s+yes yes yes", fonts);
        Assert.Contains("320   200  rgb     3   8  jpeg", TestImages.Run("pdfimages", ["-list", path]), StringComparison.Ordinal);
        TestImages.Run("pdftoppm", ["-r", "30", "-png", path, _files.Path("page")]);
        Assert.True(File.Exists(_files.Path("page-1.png")) && File.Exists(_files.Path("page-2.png")));
    }

    [Fact]
    public void Subset_KeepsOnlyTheGlyphsUsed()
    {
        var bytes = File.ReadAllBytes(FontPath);
        var font = new TrueTypeFont("DejaVuSans", bytes);

        var subset = font.Subset([font.Glyph('A'), font.Glyph('é'), font.Glyph('€')]);

        Assert.True(subset.Length < bytes.Length / 5, $"{subset.Length} bytes of {bytes.Length}");
        // FreeType (through fontconfig) opens it as a TrueType font with every glyph id still in place.
        var path = _files.Path("subset.ttf");
        File.WriteAllBytes(path, subset);
        var query = TestImages.Run("fc-query", ["--format", "%{fontformat} %{fontversion}\n", path]);
        Assert.StartsWith("TrueType", query, StringComparison.Ordinal);
    }

    [Fact]
    public void Save_SameDocumentTwice_SameBytes()
    {
        var font = new TrueTypeFont("DejaVuSans", File.ReadAllBytes(FontPath));
        byte[] Make()
        {
            var document = new PdfDocument();
            document.AddPage(200, 200).Text(TextLayout.Wrap(new TextStyle(font, 12, PdfColor.Black), "Same €", 10, 180, "left"), 10, 1.2);
            return document.Save();
        }

        Assert.Equal(Make(), Make());
    }

    private static string Normalize(string text) => string.Join(' ', text.Split((char[])[' ', '\n', '\r', '\f', '\t'], StringSplitOptions.RemoveEmptyEntries));

    public void Dispose() => _files.Dispose();
}
