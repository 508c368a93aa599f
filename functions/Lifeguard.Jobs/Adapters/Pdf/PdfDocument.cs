using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace Lifeguard.Jobs.Adapters.Pdf;

/// <summary>
/// A small PDF 1.7 writer of our own (PDFsharp, the only PDF library served here, is AGPL-only): pages of any size,
/// text in embedded TrueType fonts subset to the glyphs used (Type0/Identity-H with a ToUnicode map, so text copies and
/// searches), JPEG images passed through, rectangles, lines, RGB and CMYK colours, links, and for print a bleed with
/// TrimBox and BleedBox and crop marks. Coordinates are points from the top-left
/// corner. The output depends only on the content (no dates, an id from a hash), so the same job writes the same bytes.
/// </summary>
public sealed class PdfDocument
{
    private readonly List<PdfPage> _pages = [];
    private readonly Dictionary<TrueTypeFont, FontUse> _fonts = [];
    private readonly List<Images.PdfPicture> _images = [];

    /// <param name="bleed">Points of artwork kept beyond the trim edge on each side.</param>
    public PdfPage AddPage(double width, double height, double bleed = 0, bool cropMarks = false)
    {
        var page = new PdfPage(this, width, height, bleed, cropMarks);
        _pages.Add(page);
        return page;
    }

    internal string FontResource(TrueTypeFont font, string text)
    {
        if (!_fonts.TryGetValue(font, out var use))
        {
            use = new FontUse($"F{_fonts.Count + 1}");
            _fonts[font] = use;
        }

        foreach (var rune in text.EnumerateRunes())
        {
            use.Glyphs.TryAdd(font.Glyph(rune.Value), rune.ToString());
        }

        return use.Name;
    }

    /// <summary>Adds an image once; every page that places it refers to the same object.</summary>
    public string ImageResource(Images.PdfPicture image)
    {
        _images.Add(image);
        return $"Im{_images.Count}";
    }

    /// <summary>An added image's size in pixels.</summary>
    internal (int Width, int Height) ImageSize(string name)
    {
        var image = _images[int.Parse(name.AsSpan(2), CultureInfo.InvariantCulture) - 1];
        return (image.Width, image.Height);
    }

    public byte[] Save()
    {
        using var writer = new ObjectWriter();
        var catalog = writer.Reserve();
        var pages = writer.Reserve();
        var fontIds = _fonts.ToDictionary(f => f.Value.Name, f => WriteFont(writer, f.Key, f.Value));
        var imageIds = _images.Select((image, i) => (Name: $"Im{i + 1}", Id: image.Jpeg is not null ? WriteJpeg(writer, image) : WriteRaw(writer, image.Raw!)))
            .ToDictionary(i => i.Name, i => i.Id);
        // One /Separation /All colour space for the crop marks of every page that has them (its tint turns into all four inks).
        var registration = _pages.Any(p => p.CropMarks)
            ? writer.Object($"[/Separation /All /DeviceCMYK << /FunctionType 2 /Domain [0 1] /C0 [0 0 0 0] /C1 [1 1 1 1] /N 1 >>]")
            : 0;
        var kids = new List<int>();
        foreach (var page in _pages)
        {
            var content = writer.Stream(string.Empty, Encoding.ASCII.GetBytes(page.Content), compress: true);
            var fonts = string.Join(' ', page.Fonts.Select(f => $"/{f} {fontIds[f]} 0 R"));
            var images = string.Join(' ', page.Images.Select(i => $"/{i} {imageIds[i]} 0 R"));
            kids.Add(writer.Object(Invariant(
                $"<< /Type /Page /Parent {pages} 0 R {Boxes(page)}/Resources << /Font << {fonts} >> /XObject << {images} >>{(page.CropMarks ? $" /ColorSpace << /{PdfPage.RegistrationSpace} {registration} 0 R >>" : "")} >> /Contents {content} 0 R{Annotations(writer, page)} >>")));
        }

        writer.Object($"<< /Type /Pages /Kids [{string.Join(' ', kids.Select(k => $"{k} 0 R"))}] /Count {kids.Count} >>", pages);
        writer.Object($"<< /Type /Catalog /Pages {pages} 0 R >>", catalog);
        return writer.Finish(catalog);
    }

    private static string Boxes(PdfPage page)
    {
        var (m, b) = (page.Margin, page.Bleed);
        var media = Invariant($"/MediaBox [0 0 {Number(page.Width + (2 * m))} {Number(page.Height + (2 * m))}] ");
        return m == 0
            ? media
            : media + Invariant($"/TrimBox [{Number(m)} {Number(m)} {Number(m + page.Width)} {Number(m + page.Height)}] /BleedBox [{Number(m - b)} {Number(m - b)} {Number(m + page.Width + b)} {Number(m + page.Height + b)}] ");
    }

    private static string Annotations(ObjectWriter writer, PdfPage page)
    {
        if (page.Links.Count == 0)
        {
            return string.Empty;
        }

        // The address is printable ASCII (the template's rules); only the string's own delimiters need escaping.
        var ids = page.Links.Select(l => writer.Object(Invariant(
            $"<< /Type /Annot /Subtype /Link /Rect [{Number(l.X1)} {Number(l.Y1)} {Number(l.X2)} {Number(l.Y2)}] /Border [0 0 0] /A << /Type /Action /S /URI /URI ({Escape(l.Uri)}) >> >>")));
        return $" /Annots [{string.Join(' ', ids.Select(i => $"{i} 0 R"))}]";
    }

    private static string Escape(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("(", "\\(", StringComparison.Ordinal).Replace(")", "\\)", StringComparison.Ordinal);

    private static int WriteFont(ObjectWriter writer, TrueTypeFont font, FontUse use)
    {
        var glyphs = use.Glyphs.Keys.Order().ToList();
        // The six-letter tag that marks a subset, from the glyphs in it: the same document gets the same name.
        var hash = SHA256.HashData(Encoding.ASCII.GetBytes(font.PostScriptName + string.Join(',', glyphs)));
        var tag = new string([.. hash.Take(6).Select(b => (char)('A' + (b % 26)))]);
        var name = $"{tag}+{font.PostScriptName}";
        var subset = font.Subset(glyphs);
        var file = writer.Stream(Invariant($"/Length1 {subset.Length}"), subset, compress: true);
        var scale = 1000.0 / font.UnitsPerEm;
        var (xMin, yMin, xMax, yMax) = font.BoundingBox;
        var descriptor = writer.Object(Invariant(
            $"<< /Type /FontDescriptor /FontName /{name} /Flags 32 /FontBBox [{Number(xMin * scale)} {Number(yMin * scale)} {Number(xMax * scale)} {Number(yMax * scale)}] /ItalicAngle 0 /Ascent {Number(font.Ascent * scale)} /Descent {Number(font.Descent * scale)} /CapHeight {Number(font.Ascent * scale)} /StemV 80 /FontFile2 {file} 0 R >>"));
        var widths = string.Join(' ', glyphs.Select(g => Invariant($"{g} [{Number(font.Advance(g) * scale)}]")));
        var cidFont = writer.Object(
            $"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /{name} /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor {descriptor} 0 R /W [{widths}] /CIDToGIDMap /Identity >>");
        var toUnicode = writer.Stream(string.Empty, Encoding.ASCII.GetBytes(ToUnicode(use)), compress: true);
        return writer.Object($"<< /Type /Font /Subtype /Type0 /BaseFont /{name} /Encoding /Identity-H /DescendantFonts [{cidFont} 0 R] /ToUnicode {toUnicode} 0 R >>");
    }

    private static string ToUnicode(FontUse use)
    {
        var text = new StringBuilder();
        text.Append("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n");
        text.Append("/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n");
        text.Append("1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
        foreach (var chunk in use.Glyphs.Where(g => g.Key != 0).OrderBy(g => g.Key).Chunk(100))
        {
            text.Append(Invariant($"{chunk.Length} beginbfchar\n"));
            foreach (var (glyph, character) in chunk)
            {
                text.Append(Invariant($"<{glyph:X4}> <{Convert.ToHexString(Encoding.BigEndianUnicode.GetBytes(character))}>\n"));
            }

            text.Append("endbfchar\n");
        }

        text.Append("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
        return text.ToString();
    }

    private static int WriteJpeg(ObjectWriter writer, Images.PdfPicture image)
    {
        var device = image.Components switch { 1 => "/DeviceGray", 3 => "/DeviceRGB", _ => "/DeviceCMYK" };
        // The source's own profile, so that a Display P3 or Adobe RGB photo shows its colours; the device space is
        // the fallback a reader uses when it cannot read the profile.
        var space = image.Profile is { } profile
            ? Invariant($"[/ICCBased {writer.Stream(Invariant($"/N {image.Components} /Alternate {device}"), profile, compress: true)} 0 R]")
            : device;
        // Adobe's CMYK JPEGs store inverted values; others (without the APP14 marker) do not.
        var decode = image.AdobeInverted ? " /Decode [1 0 1 0 1 0 1 0]" : string.Empty;
        return writer.Stream(Invariant($"/Type /XObject /Subtype /Image /Width {image.Width} /Height {image.Height} /ColorSpace {space}{decode} /BitsPerComponent 8 /Filter /DCTDecode"), image.Jpeg!, compress: false);
    }

    private static int WriteRaw(ObjectWriter writer, Images.RawImage image)
    {
        var size = Invariant($"/Type /XObject /Subtype /Image /Width {image.Width} /Height {image.Height} /BitsPerComponent 8");
        var mask = image.Alpha is { } alpha ? $" /SMask {writer.Stream($"{size} /ColorSpace /DeviceGray", alpha, compress: true)} 0 R" : string.Empty;
        return writer.Stream($"{size} /ColorSpace /DeviceRGB{mask}", image.Rgb, compress: true);
    }

    internal static string Number(double value) => Math.Round(value, 3).ToString("0.###", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed class FontUse(string name)
    {
        public string Name { get; } = name;

        /// <summary>Glyph id -> the text it stands for.</summary>
        public Dictionary<ushort, string> Glyphs { get; } = [];
    }

    /// <summary>Numbered objects, their offsets, the cross-reference table and the trailer.</summary>
    private sealed class ObjectWriter : IDisposable
    {
        private readonly MemoryStream _output = new();
        private readonly Dictionary<int, long> _offsets = [];
        private int _next = 1;

        public ObjectWriter() => Write("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n", Encoding.Latin1);

        public int Reserve() => _next++;

        public int Object(string body, int? id = null)
        {
            var number = id ?? Reserve();
            _offsets[number] = _output.Length;
            Write(Invariant($"{number} 0 obj\n{body}\nendobj\n"));
            return number;
        }

        public int Stream(string dictionary, byte[] data, bool compress)
        {
            var number = Reserve();
            byte[] content = data;
            var filter = string.Empty;
            if (compress)
            {
                using var packed = new MemoryStream();
                using (var zlib = new ZLibStream(packed, CompressionLevel.Optimal))
                {
                    zlib.Write(data);
                }

                content = packed.ToArray();
                filter = " /Filter /FlateDecode";
            }

            _offsets[number] = _output.Length;
            Write(Invariant($"{number} 0 obj\n<< {dictionary}{filter} /Length {content.Length} >>\nstream\n"));
            _output.Write(content);
            Write("\nendstream\nendobj\n");
            return number;
        }

        public byte[] Finish(int root)
        {
            var xref = _output.Length;
            var text = new StringBuilder(Invariant($"xref\n0 {_next}\n0000000000 65535 f \n"));
            for (var i = 1; i < _next; i++)
            {
                text.Append(Invariant($"{_offsets[i]:D10} 00000 n \n"));
            }

            var id = Convert.ToHexString(SHA256.HashData(_output.ToArray()).AsSpan(0, 16));
            text.Append(Invariant($"trailer\n<< /Size {_next} /Root {root} 0 R /ID [<{id}> <{id}>] >>\nstartxref\n{xref}\n%%EOF\n"));
            Write(text.ToString());
            return _output.ToArray();
        }

        private void Write(string text, Encoding? encoding = null) => _output.Write((encoding ?? Encoding.ASCII).GetBytes(text));

        public void Dispose() => _output.Dispose();
    }
}
