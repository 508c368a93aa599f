using System.Globalization;
using Lifeguard.Jobs.Adapters.Images;
using Lifeguard.Jobs.Domain;

namespace Lifeguard.Jobs.Tests.Adapters;

/// <summary>Thumbnails of real images of every kind the issue names, checked by identify and vipsheader.</summary>
[Trait("Category", "Integration")]
public sealed class VipsImageProcessorTests : IDisposable
{
    private readonly TestImages _images = new();
    private readonly VipsImageProcessor _processor = new(maxPixels: 100_000_000);

    public static TheoryData<string, string[]> Sources => new()
    {
        { "baseline.jpg", ["-size", "640x480", "plasma:fractal", "-quality", "90", "baseline.jpg"] },
        { "progressive.jpg", ["-size", "640x480", "plasma:fractal", "-interlace", "JPEG", "progressive.jpg"] },
        { "cmyk.jpg", ["-size", "640x480", "plasma:fractal", "-colorspace", "CMYK", "cmyk.jpg"] },
        { "alpha.png", ["-size", "640x480", "radial-gradient:red-none", "alpha.png"] },
        { "image.webp", ["-size", "640x480", "plasma:fractal", "image.webp"] },
        { "image.gif", ["-size", "640x480", "plasma:fractal", "image.gif"] },
    };

    [Theory]
    [MemberData(nameof(Sources))]
    public void Thumbnails_EachKindOfSource_GivesEveryFormatAtTheAskedSizeWithoutMetadata(string name, string[] convert)
    {
        var source = _images.Convert(convert);

        var thumbnails = _processor.Thumbnails(source,
        [
            Output("jpeg", "jpeg", 200, 200, "inside"),
            Output("png", "png", 200, 200, "cover"),
            Output("webp", "webp", 160, null, "inside"),
            Output("avif", "avif", 100, 50, "fill"),
        ]);

        Assert.Equal("200 150 JPEG Undefined", _images.Identify(thumbnails[0].Content, $"{name}.out.jpg"));
        Assert.Equal("200 200 PNG", _images.Identify(thumbnails[1].Content, $"{name}.out.png")[..11]);
        Assert.Equal("160 120 WEBP", _images.Identify(thumbnails[2].Content, $"{name}.out.webp")[..12]);
        Assert.Equal((100, 50), (thumbnails[3].Width, thumbnails[3].Height));
        Assert.StartsWith("ftyp", System.Text.Encoding.ASCII.GetString(thumbnails[3].Content, 4, 4), StringComparison.Ordinal);
        var fields = _images.Fields(thumbnails[0].Content, $"{name}.fields.jpg");
        Assert.DoesNotContain("exif-data", fields, StringComparison.Ordinal);
        Assert.DoesNotContain("icc-profile-data", fields, StringComparison.Ordinal);
        Assert.Contains("interpretation: srgb", fields, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("300x200", "100x100", "67 100")] // thumbnail decodes the whole JPEG
    [InlineData("1200x800", "100x100", "67 100")] // decoded at 1/4 by libjpeg first (upright shrink 8, one step less)
    [InlineData("3000x2000", "100x100", "67 100")] // decoded at 1/8
    [InlineData("3000x2000", "600x100", "67 100")] // the box is turned too: 2000 upright wide into 600 is a shrink of 3.3, 3000 high into 100 is 30
    public void Thumbnails_ExifOrientation6_IsTurnedUprightAndTheTagDropped(string stored, string box, string expected)
    {
        // Stored wider than high, to be shown turned 90 degrees clockwise: upright it is higher than wide.
        var source = WithExifOrientation(_images.Convert("-size", stored, "plasma:fractal", $"rotated{stored}.jpg"), 6);
        Assert.EndsWith("RightTop", _images.Identify(source, $"rotated{stored}.check.jpg"), StringComparison.Ordinal);
        var (width, height) = (int.Parse(box.Split('x')[0], CultureInfo.InvariantCulture), int.Parse(box.Split('x')[1], CultureInfo.InvariantCulture));

        var thumbnail = Assert.Single(_processor.Thumbnails(source, [Output("t", "jpeg", width, height, "inside")]));

        Assert.Equal($"{expected} JPEG Undefined", _images.Identify(thumbnail.Content, $"rotated{stored}.{box}.out.jpg"));
    }

    [Theory]
    [InlineData("alpha.png", true)]
    [InlineData("cmyk.jpg", false)]
    public void Decode_Source_GivesUprightSrgbPixelsAndAlphaWhenThereIsSome(string name, bool alpha)
    {
        var source = name == "alpha.png"
            ? _images.Convert("-size", "40x30", "radial-gradient:red-none", name)
            : _images.Convert("-size", "40x30", "xc:red", "-colorspace", "CMYK", name);

        var image = _processor.Decode(source);

        Assert.Equal((40, 30, 40 * 30 * 3), (image.Width, image.Height, image.Rgb.Length));
        Assert.Equal(alpha, image.Alpha is not null);
        // The middle pixel is red in sRGB, whatever the source's colour space.
        var middle = ((15 * 40) + 20) * 3;
        Assert.True(image.Rgb[middle] > 200 && image.Rgb[middle + 1] < 60 && image.Rgb[middle + 2] < 60, $"{image.Rgb[middle]} {image.Rgb[middle + 1]} {image.Rgb[middle + 2]}");
        if (image.Alpha is { } channel)
        {
            Assert.True(channel[(15 * 40) + 20] > 200 && channel[0] < 60, "opaque in the middle, transparent in the corner");
        }
    }

    [Fact]
    public void Version_OfTheLoadedLibvips_IsThePackagedOneNotTheSystems()
    {
        // Debian's libvips.so.42 (8.14, from libvips-tools) is on this machine too, where dlopen would also find it.
        Assert.StartsWith("8.18.", _processor.Version, StringComparison.Ordinal);
    }

    [Fact]
    public void Thumbnails_SmallerSourceWithoutEnlarge_KeepsItsSize()
    {
        var source = _images.Convert("-size", "120x80", "plasma:fractal", "small.jpg");

        var thumbnail = Assert.Single(_processor.Thumbnails(source, [Output("t", "jpeg", 400, 400, "inside")]));

        Assert.Equal((120, 80), (thumbnail.Width, thumbnail.Height));
    }

    [Fact]
    public void Thumbnails_TruncatedJpeg_FailsSayingSo()
    {
        var whole = _images.Convert("-size", "640x480", "plasma:fractal", "-quality", "95", "whole.jpg");

        var ex = Assert.Throws<JobRejectedException>(() => _processor.Thumbnails(whole[..(whole.Length / 2)], [Output("t", "jpeg", 100, 100, "inside")]));

        Assert.Equal("thumbnail 't' (jpeg) failed: VipsJpeg: premature end of JPEG image", ex.Message);
    }

    [Fact]
    public void Thumbnails_NotAnImage_FailsSayingSo()
    {
        var ex = Assert.Throws<JobRejectedException>(() => _processor.Thumbnails("%PDF-1.7 or a letter, not a picture"u8.ToArray(), [Output("t", "jpeg", 100, 100, "inside")]));

        Assert.StartsWith("the source is not an image libvips can read", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Thumbnails_DecompressionBomb_IsRefusedFromItsHeader()
    {
        var bomb = Bomb(_images.Convert("-size", "10x10", "xc:white", "tiny.png"), 50_000, 50_000);

        var ex = Assert.Throws<JobRejectedException>(() => _processor.Thumbnails(bomb, [Output("t", "jpeg", 100, 100, "inside")]));

        Assert.Equal($"the source is 50000 x 50000 = 2,500,000,000 pixels, over the limit of 100,000,000 (a decompression bomb, or too large to thumbnail).", ex.Message);
        Assert.True(bomb.Length < 1000);
    }

    /// <summary>The JPEG with an EXIF segment (APP1) right after its start that holds only the orientation tag (0x0112).</summary>
    private static byte[] WithExifOrientation(byte[] jpeg, ushort orientation)
    {
        byte[] tiff =
        [
            (byte)'I', (byte)'I', 42, 0, 8, 0, 0, 0, // little-endian TIFF header, first IFD at 8
            1, 0,                                   // one entry
            0x12, 0x01, 3, 0, 1, 0, 0, 0, (byte)orientation, 0, 0, 0, // Orientation, SHORT, count 1, value
            0, 0, 0, 0,                             // no next IFD
        ];
        byte[] exif = [.. "Exif\0\0"u8, .. tiff];
        var length = exif.Length + 2;
        return [0xFF, 0xD8, 0xFF, 0xE1, (byte)(length >> 8), (byte)length, .. exif, .. jpeg.AsSpan(2)];
    }

    /// <summary>The PNG with its IHDR claiming <paramref name="width"/> x <paramref name="height"/> (CRC fixed, so only the size lies).</summary>
    private static byte[] Bomb(byte[] png, int width, int height)
    {
        var bytes = png.ToArray();
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(16), width);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(20), height);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(29), Crc32(bytes.AsSpan(12, 17)));
        return bytes;
    }

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }

    private static ImageOutputSpec Output(string name, string format, int? width, int? height, string fit) =>
        new() { Name = name, Format = format, Width = width, Height = height, Fit = fit };

    public void Dispose() => _images.Dispose();
}
