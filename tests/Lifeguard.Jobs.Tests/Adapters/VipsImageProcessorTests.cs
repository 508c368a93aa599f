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
        var source = TestImages.WithExifOrientation(_images.Convert("-size", stored, "plasma:fractal", $"rotated{stored}.jpg"), 6);
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

    [Theory]
    [InlineData("compatibleWithAdobeRGB1998.icc")]
    [InlineData("p3")]
    public void Thumbnails_WideGamutTaggedPhoto_IsConvertedToSrgbAsImageMagickDoes(string profile)
    {
        var source = Tagged(profile, out var profilePath);
        // The oracle: ImageMagick (LittleCMS) converts the same pixels from the same profile to sRGB.
        var expected = Pixel(_images.Convert(source.Path, "-profile", profilePath, "-profile", SrgbProfile, "-resize", "20x20!", "expected.png"));

        var thumbnail = Assert.Single(_processor.Thumbnails(source.Bytes, [Output("t", "png", 20, 20, "fill")]));

        var actual = Pixel(thumbnail.Content);
        Assert.True(Distance(expected, actual) <= 6, $"expected {string.Join(",", expected)}, got {string.Join(",", actual)}");
        // Passed through as if sRGB (the defect), the numbers would be the tagged ones, far from these.
        Assert.True(Distance(Pixel(_images.Convert(source.Path, "-resize", "20x20!", "+profile", "*", "raw.png")), actual) > 15, "the source's numbers were passed through");
        Assert.DoesNotContain("icc-profile-data", _images.Fields(thumbnail.Content, "t.png"), StringComparison.Ordinal);
    }

    [Fact]
    public void Thumbnails_KeepProfile_KeepsTheNumbersAndTheProfile()
    {
        var source = Tagged("compatibleWithAdobeRGB1998.icc", out _);

        var thumbnail = Assert.Single(_processor.Thumbnails(source.Bytes, [Output("t", "png", 20, 20, "fill") with { KeepProfile = true }]));

        Assert.True(Distance(Pixel(_images.Convert(source.Path, "-resize", "20x20!", "+profile", "*", "raw.png")), Pixel(thumbnail.Content)) <= 6);
        Assert.Contains("icc-profile-data", _images.Fields(thumbnail.Content, "kept.png"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void Thumbnails_EveryExifOrientation_ComesOutUprightAsImageMagicksAutoOrient(int orientation)
    {
        // A picture with a bright top-left corner, stored as orientation says; upright, the corner is top left again.
        var upright = _images.Convert("-size", "300x200", "xc:navy", "-fill", "yellow", "-draw", "rectangle 0,0 60,40", "upright.png");
        var stored = _images.Convert([_images.Path("upright.png"), .. Stored(orientation), "-quality", "95", $"stored{orientation}.jpg"]);
        var source = TestImages.WithExifOrientation(stored, (ushort)orientation);

        // Two outputs (one shared decode) and one (streamed): both upright.
        foreach (var outputs in new[] { new[] { Output("a", "png", 150, 150, "inside"), Output("b", "png", 60, 60, "inside") }, [Output("a", "png", 150, 150, "inside")] })
        {
            var thumbnail = _processor.Thumbnails(source, outputs)[0];
            Assert.Equal((150, 100), (thumbnail.Width, thumbnail.Height));
            var corner = Pixel(_images.Convert(Save(thumbnail.Content, $"o{orientation}.png"), "-crop", "10x10+2+2", "+repage", "corner.png"));
            Assert.True(corner[0] > 180 && corner[1] > 180 && corner[2] < 90, $"orientation {orientation}: top-left is {string.Join(",", corner)}");
        }
    }

    [Fact]
    public void Thumbnails_SeveralOutputs_MatchWhatEachGetsAlone()
    {
        var source = _images.Convert("-size", "3000x2000", "plasma:fractal", "-quality", "90", "big.jpg");
        ImageOutputSpec[] outputs = [Output("large", "png", 1024, null, "inside"), Output("medium", "png", 320, null, "inside"), Output("square", "png", 160, 160, "cover")];

        var together = _processor.Thumbnails(source, outputs);

        for (var i = 0; i < outputs.Length; i++)
        {
            var alone = Assert.Single(_processor.Thumbnails(source, [outputs[i]]));
            Assert.Equal((alone.Width, alone.Height), (together[i].Width, together[i].Height));
            Assert.True(Distance(Pixel(alone.Content), Pixel(together[i].Content)) <= 4, outputs[i].Name);
            // Pixel by pixel too: the medium and square ones are made from the large one, not from the source.
            var difference = double.Parse(TestImages.Run("convert", [Save(alone.Content, "alone.png"), Save(together[i].Content, "together.png"), "-compose", "difference", "-composite", "-format", "%[fx:mean*255]", "info:"]), System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(difference < 2, $"{outputs[i].Name}: the pixels differ by {difference:0.00} of 255 on average");
        }
    }

    [Fact]
    public void Thumbnails_SeveralOutputsOfAJpegShrunkOnLoad_HaveTheSizeEachHasAlone()
    {
        // 2400 x 1500 decoded at 1/8 is 300 x 187 (1500 / 8 = 187.5): sized from that, 297 px wide would be 185 high, not 186.
        var source = _images.Convert("-size", "2400x1500", "plasma:fractal", "-quality", "90", "odd.jpg");
        ImageOutputSpec[] outputs = [Output("a", "jpeg", 297, null, "inside"), Output("b", "jpeg", 140, null, "inside"), Output("c", "jpeg", 120, 120, "contain")];

        var together = _processor.Thumbnails(source, outputs);

        Assert.Equal((297, 186), (together[0].Width, together[0].Height));
        for (var i = 0; i < outputs.Length; i++)
        {
            var alone = Assert.Single(_processor.Thumbnails(source, [outputs[i]]));
            Assert.Equal((alone.Width, alone.Height), (together[i].Width, together[i].Height));
        }
    }

    [Fact]
    public void Thumbnails_EnlargedOutputBesideOneThatMayNotGrow_LeavesTheOtherAtItsSourceSize()
    {
        var source = _images.Convert("-size", "1000x1000", "plasma:fractal", "square.png");
        ImageOutputSpec[] outputs = [Output("big", "png", 2000, null, "inside") with { Enlarge = true }, Output("capped", "png", 1500, null, "inside")];

        var together = _processor.Thumbnails(source, outputs);

        Assert.Equal((2000, 2000), (together[0].Width, together[0].Height));
        Assert.Equal((1000, 1000), (together[1].Width, together[1].Height));
    }

    [Theory]
    [InlineData("gray.png", new[] { "-size", "400x300", "gradient:black-white", "-colorspace", "Gray", "gray.png" }, 200, 150)]
    [InlineData("deep.png", new[] { "-size", "400x300", "gradient:red-blue", "-depth", "16", "deep.png" }, 200, 150)]
    [InlineData("icon.png", new[] { "-size", "16x16", "xc:orange", "icon.png" }, 16, 16)]
    [InlineData("panorama.jpg", new string[0], 200, 1)]
    public void Thumbnails_OddSources_HaveTheRightSize(string name, string[] convert, int width, int height)
    {
        var source = name == "panorama.jpg" ? Panorama("jpg") : _images.Convert(convert);
        var thumbnail = Assert.Single(_processor.Thumbnails(source, [Output("t", "jpeg", 200, 200, "inside")]));

        Assert.Equal((width, height), (thumbnail.Width, thumbnail.Height));
        Assert.StartsWith($"{width} {height} JPEG", _images.Identify(thumbnail.Content, name + ".out.jpg"), StringComparison.Ordinal);
    }

    [Fact]
    public void Thumbnails_EnlargedPanorama_IsRefusedFromItsHeaderNamingTheOutput()
    {
        var panorama = Panorama("png");

        var ex = Assert.Throws<JobRejectedException>(() => _processor.Thumbnails(panorama, [Output("tall", "jpeg", null, 5000, "inside") with { Enlarge = true }]));

        Assert.StartsWith("outputs[0]: from this 20000 x 100 source the outputs come to more than 100,000,000 pixels (1000000 x 5000 for this one)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Thumbnails_AnimatedGif_StaysAnimatedWhenAskedAndIsCappedInFrames()
    {
        var gif = _images.Convert("-delay", "10", "-size", "200x100", "xc:red", "xc:green", "xc:blue", "-loop", "0", "anim.gif");

        var thumbnails = _processor.Thumbnails(gif, [Output("still", "webp", 100, null, "inside"), Output("moving", "webp", 100, null, "inside") with { Animated = true }]);

        Assert.Equal((100, 50), (thumbnails[1].Width, thumbnails[1].Height));
        Assert.DoesNotContain("n-pages", _images.Fields(thumbnails[0].Content, "still.webp"), StringComparison.Ordinal);
        Assert.Contains("n-pages: 3", _images.Fields(thumbnails[1].Content, "moving.webp"), StringComparison.Ordinal);
        var capped = new VipsImageProcessor(new ImageLimits { MaxFrames = 2 });
        var ex = Assert.Throws<JobRejectedException>(() => capped.Thumbnails(gif, [Output("moving", "gif", 100, null, "inside") with { Animated = true }]));
        Assert.Equal("outputs[0].animated: the source has 3 frames, over the limit of 2.", ex.Message);
    }

    [Fact]
    public void Thumbnails_ContainWithBackgroundAndSmartCrop_FillTheBox()
    {
        // A small bright subject at the right edge of a dull picture: attention keeps it, centre does not.
        var source = _images.Convert("-size", "600x200", "xc:gray50", "-fill", "red", "-draw", "circle 560,100 590,100", "subject.png");

        var thumbnails = _processor.Thumbnails(source,
        [
            Output("contain", "png", 200, 200, "contain") with { Background = "#00ff0080" },
            Output("attention", "png", 100, 100, "cover") with { Position = "attention" },
            Output("centre", "png", 100, 100, "cover"),
        ]);

        Assert.Equal((200, 200), (thumbnails[0].Width, thumbnails[0].Height));
        var band = Pixel(_images.Convert(Save(thumbnails[0].Content, "contain.png"), "-crop", "10x10+95+5", "+repage", "band.png"));
        Assert.True(band[1] > 200 && band[0] < 40, $"the padding is the background: {string.Join(",", band)}");
        Assert.True(Redness(thumbnails[1].Content, "attention.png") > Redness(thumbnails[2].Content, "centre.png") + 20, "attention kept the red subject");
    }

    [Theory]
    [InlineData("rgba.png", new[] { "-size", "300x100", "radial-gradient:red-none", "rgba.png" })]
    [InlineData("gray.jpg", new[] { "-size", "300x100", "gradient:black-white", "-colorspace", "Gray", "gray.jpg" })]
    [InlineData("graya.png", new[] { "-size", "300x100", "gradient:black-none", "-colorspace", "Gray", "graya.png" })]
    public void Thumbnails_ContainAndJpegBackdrop_WorkOnAlphaAndGraySources(string name, string[] convert)
    {
        var source = _images.Convert(convert);

        var thumbnails = _processor.Thumbnails(source,
        [
            Output("png", "png", 120, 120, "contain") with { Background = "#ff0000" },
            Output("jpeg", "jpeg", 120, 120, "contain") with { Background = "#ff0000" },
        ]);

        foreach (var thumbnail in thumbnails)
        {
            Assert.Equal((120, 120), (thumbnail.Width, thumbnail.Height));
            var padding = Pixel(_images.Convert(Save(thumbnail.Content, $"{name}.{thumbnail.Format}"), "-crop", "10x10+55+2", "+repage", $"{name}-pad.png"));
            Assert.True(padding[0] > 200 && padding[1] < 60, $"{name} {thumbnail.Format}: the padding is {string.Join(",", padding)}");
        }
    }

    [Fact]
    public void Thumbnails_CancelledMidWay_StopsWithTheCancellation()
    {
        var source = _images.Convert("-size", "6000x6000", "xc:white", "huge.png");
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => _processor.Thumbnails(source, [Output("t", "jpeg", 100, 100, "inside")], cancel.Token));
        Assert.Single(_processor.Thumbnails(source, [Output("t", "jpeg", 100, 100, "inside")]));
    }

    [Fact]
    public void Thumbnails_AfterTextLeftInLibvipsErrorBuffer_TheReasonIsOnlyThisJobs()
    {
        StaleError("VipsForeignLoad: an earlier job's complaint");

        var ex = Assert.Throws<JobRejectedException>(() => _processor.Thumbnails("not a picture at all"u8.ToArray(), [Output("t", "jpeg", 100, 100, "inside")]));

        Assert.DoesNotContain("earlier job", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("plain", "DCT", "rgb")]
    [InlineData("tagged", "DCT", "icc")]
    [InlineData("cmyk-adobe", "DCT", "cmyk")]
    [InlineData("cmyk-plain", "DCT", "cmyk")]
    public void Picture_JpegsAReaderShowsRight_PassThrough(string kind, string filter, string colour)
    {
        var jpeg = kind switch
        {
            "plain" => _images.Convert("-size", "64x48", "xc:red", "plain.jpg"),
            "tagged" => Tagged("compatibleWithAdobeRGB1998.icc", out _, "jpg").Bytes,
            "cmyk-adobe" => _images.Convert("-size", "64x48", "xc:red", "-colorspace", "CMYK", "cmyk-adobe.jpg"),
            _ => TestImages.WithoutAdobeMarker(_images.Convert("-size", "64x48", "xc:red", "-colorspace", "CMYK", "cmyk-plain.jpg")),
        };

        var picture = _processor.Picture(jpeg);

        Assert.Same(jpeg, picture.Jpeg);
        Assert.Equal(kind == "cmyk-adobe", picture.AdobeInverted);
        Assert.Equal(kind == "tagged", picture.Profile is not null);
        Assert.NotNull(filter);
        Assert.NotNull(colour);
    }

    [Fact]
    public void Picture_RotatedJpeg_IsReencodedUpright()
    {
        var source = TestImages.WithExifOrientation(_images.Convert("-size", "300x200", "plasma:fractal", "turned.jpg"), 6);

        var picture = _processor.Picture(source);

        Assert.NotSame(source, picture.Jpeg);
        Assert.Equal((200, 300), (picture.Width, picture.Height));
        Assert.Equal("200 300 JPEG Undefined", _images.Identify(picture.Jpeg!, "upright.jpg"));
    }

    [Fact]
    public void Picture_TruncatedJpeg_IsRefused()
    {
        var whole = _images.Convert("-size", "640x480", "plasma:fractal", "-quality", "95", "whole-pdf.jpg");

        var ex = Assert.Throws<JobRejectedException>(() => _processor.Picture(whole[..(whole.Length / 2)]));

        Assert.Contains("premature end of JPEG", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Picture_TwelveBitOrLosslessFrame_IsNeverPassedThrough()
    {
        var jpeg = _images.Convert("-size", "64x48", "xc:red", "frame.jpg");
        // The frame header (SOF0) claims 12-bit lossless (SOF3): no reader would show these bytes as this picture.
        var sof = jpeg.AsSpan().IndexOf((ReadOnlySpan<byte>)[0xFF, 0xC0]);
        var lossless = jpeg.ToArray();
        lossless[sof + 1] = 0xC3;
        lossless[sof + 4] = 12;

        Assert.False(Lifeguard.Jobs.Adapters.Pdf.JpegInfo.TryRead(lossless, out var info) && info.PassesThrough);
        Assert.Throws<JobRejectedException>(() => _processor.Picture(lossless));
    }

    /// <summary>20000 x 100, by Debian's vips (ImageMagick's policy stops at 16000 pixels a side).</summary>
    private byte[] Panorama(string extension)
    {
        var path = _images.Path($"panorama.{extension}");
        TestImages.Run("vips", ["black", path, "20000", "100", "--bands", "3"]);
        return File.ReadAllBytes(path);
    }

    private const string SrgbProfile = "/usr/share/color/icc/sRGB.icc";

    /// <summary>A saturated picture tagged with the profile (a file of icc-profiles-free, or libvips' built-in p3), numbers as stored.</summary>
    private (string Path, byte[] Bytes) Tagged(string profile, out string profilePath, string extension = "png")
    {
        profilePath = profile == "p3" ? _images.Path("p3.icc") : $"/usr/share/color/icc/{profile}";
        if (profile == "p3" && !File.Exists(profilePath))
        {
            // libvips ships Display P3; the oracle's conversion is still ImageMagick's.
            using var p3 = NetVips.Image.Black(1, 1, bands: 3).IccTransform("p3", inputProfile: "srgb");
            File.WriteAllBytes(profilePath, (byte[])p3.Get("icc-profile-data"));
        }

        var name = $"tagged-{profile}.{extension}";
        _images.Convert("-size", "200x200", "xc:#c02040", "-profile", profilePath, name);
        return (_images.Path(name), File.ReadAllBytes(_images.Path(name)));
    }

    private static string[] Stored(int orientation) => orientation switch
    {
        2 => ["-flop"],
        3 => ["-rotate", "180"],
        4 => ["-flip"],
        5 => ["-transpose"],
        6 => ["-rotate", "-90"],
        7 => ["-transverse"],
        8 => ["-rotate", "90"],
        _ => ["-strip"],
    };

    private string Save(byte[] image, string name)
    {
        File.WriteAllBytes(_images.Path(name), image);
        return _images.Path(name);
    }

    /// <summary>The mean colour as 8-bit RGB, by ImageMagick.</summary>
    private int[] Pixel(byte[] image)
    {
        var path = Save(image, $"pixel-{Guid.NewGuid():N}");
        var text = TestImages.Run("convert", [path, "-alpha", "off", "-colorspace", "sRGB", "-resize", "1x1!", "-depth", "8", "txt:-"]);
        var match = System.Text.RegularExpressions.Regex.Match(text, @"\((\d+),(\d+),(\d+)");
        return [int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture)];
    }

    private int Redness(byte[] image, string name)
    {
        var pixel = Pixel(image);
        _ = name;
        return pixel[0] - ((pixel[1] + pixel[2]) / 2);
    }

    private static int Distance(int[] a, int[] b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Max();

    /// <summary>Leaves text in libvips' process-wide error buffer, as an operation that complained and then succeeded does.</summary>
    private static void StaleError(string text) => vips_error("test", text.Replace("%", "%%", StringComparison.Ordinal));

    [System.Runtime.InteropServices.DllImport("libvips.so.42", CharSet = System.Runtime.InteropServices.CharSet.Ansi)]
    private static extern void vips_error(string domain, string format);

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
