using System.Globalization;
using Lifeguard.Jobs.Domain;

namespace Lifeguard.Jobs.Adapters.Images;

/// <summary>
/// Thumbnails through libvips: the header first (pixel limit against decompression bombs), then per output
/// <c>vips_thumbnail_buffer</c> (shrink on load, EXIF auto-rotation, sRGB out, a truncated file is an error), JPEG
/// flattened on white when the source has alpha, saved with no metadata kept. The operation cache is off and untrusted
/// loaders are blocked. libvips' error buffer is process-wide, so one image at a time goes through here (libvips
/// still uses every core inside each operation).
/// </summary>
public sealed unsafe class VipsImageProcessor(long maxPixels) : IImageProcessor
{
    /// <summary>VIPS_MAX_COORD: "no limit" for the side that is not given.</summary>
    private const int Unbounded = 10_000_000;
    private const int CropNone = 0, CropCentre = 1;
    private const int SizeBoth = 0, SizeDown = 2, SizeForce = 3;
    private const int HeifCompressionAv1 = 4;
    private const int FailOnTruncated = 1, AccessSequential = 1;

    private static readonly Lock Gate = new();
    private static readonly Lazy<bool> Initialized = new(Initialize);

    public IReadOnlyList<Thumbnail> Thumbnails(ReadOnlySpan<byte> source, IReadOnlyList<ImageOutputSpec> outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        return WithSource(source, (buffer, length, header) => outputs.Select(output => Make(buffer, length, header, output)).ToList());
    }

    public RawImage Decode(ReadOnlySpan<byte> source) => WithSource(source, (buffer, length, _) =>
    {
        var images = new List<nint>();
        try
        {
            var loaded = Track(images, VipsNative.vips_image_new_from_buffer(buffer, length, "fail_on=truncated", 0));
            var upright = Step(images, VipsNative.vips_autorot(loaded, out var a, 0), a);
            var srgb = Step(images, VipsNative.vips_colourspace(upright, out var b, Srgb, 0), b);
            var bytes = Step(images, VipsNative.vips_cast_uchar(srgb, out var c, 0), c);
            var (width, height) = (VipsNative.vips_image_get_width(bytes), VipsNative.vips_image_get_height(bytes));
            if (VipsNative.vips_image_get_bands(bytes) < 4)
            {
                return new RawImage(width, height, Pixels(bytes), null);
            }

            var rgb = Step(images, VipsNative.vips_extract_band(bytes, out var d, 0, "n", 3, 0), d);
            var alpha = Step(images, VipsNative.vips_extract_band(bytes, out var e, 3, "n", 1, 0), e);
            return new RawImage(width, height, Pixels(rgb), Pixels(alpha));
        }
        finally
        {
            images.ForEach(VipsNative.g_object_unref);
        }
    });

    private delegate T SourceWork<out T>(byte* buffer, nuint length, Header header);

    /// <summary>What the source's header says: its stored size, whether EXIF turns it a quarter, whether it is a JPEG.</summary>
    private readonly record struct Header(int Width, int Height, bool Swap, bool IsJpeg);

    /// <summary>Runs <paramref name="work"/> on the pinned source once libvips is up and the header has passed the pixel limit.</summary>
    private T WithSource<T>(ReadOnlySpan<byte> source, SourceWork<T> work)
    {
        if (source.IsEmpty)
        {
            throw new JobRejectedException("the source is empty (0 bytes).");
        }

        _ = Initialized.Value;
        lock (Gate)
        {
            fixed (byte* buffer = source)
            {
                var header = CheckHeader(buffer, (nuint)source.Length);
                return work(buffer, (nuint)source.Length, header);
            }
        }
    }

    private const int Srgb = 22; // VIPS_INTERPRETATION_sRGB

    private static nint Track(List<nint> images, nint image)
    {
        if (image == 0)
        {
            throw new JobRejectedException($"the source is not an image libvips can read ({VipsNative.TakeError()}).");
        }

        images.Add(image);
        return image;
    }

    private static nint Step(List<nint> images, int status, nint result) =>
        status == 0 ? Track(images, result) : throw new JobRejectedException($"decoding the image failed: {VipsNative.TakeError()}");

    /// <summary>Decodes (libvips is lazy: a damaged source shows here) and copies out the pixels.</summary>
    private static byte[] Pixels(nint image)
    {
        var memory = VipsNative.vips_image_write_to_memory(image, out var size);
        if (memory == 0)
        {
            throw new JobRejectedException($"decoding the image failed: {VipsNative.TakeError()}");
        }

        try
        {
            return new ReadOnlySpan<byte>((void*)memory, checked((int)size)).ToArray();
        }
        finally
        {
            VipsNative.g_free(memory);
        }
    }

    private Header CheckHeader(byte* buffer, nuint length)
    {
        var image = VipsNative.vips_image_new_from_buffer(buffer, length, string.Empty, 0);
        if (image == 0)
        {
            throw new JobRejectedException($"the source is not an image libvips can read ({VipsNative.TakeError()}).");
        }

        try
        {
            var (width, height) = (VipsNative.vips_image_get_width(image), VipsNative.vips_image_get_height(image));
            var pixels = (long)width * height;
            if (pixels > maxPixels)
            {
                throw new JobRejectedException(string.Create(CultureInfo.InvariantCulture,
                    $"the source is {width} x {height} = {pixels:N0} pixels, over the limit of {maxPixels:N0} (a decompression bomb, or too large to thumbnail)."));
            }

            var isJpeg = length > 3 && buffer[0] == 0xFF && buffer[1] == 0xD8 && buffer[2] == 0xFF;
            return new Header(width, height, VipsNative.vips_image_get_orientation_swap(image) != 0, isJpeg);
        }
        finally
        {
            VipsNative.g_object_unref(image);
        }
    }

    private static Thumbnail Make(byte* buffer, nuint length, Header header, ImageOutputSpec output)
    {
        var crop = output.Fit == "cover" ? CropCentre : CropNone;
        var size = output.Fit == "fill" ? SizeForce : output.Enlarge ? SizeBoth : SizeDown;
        var (width, height) = (output.Width ?? Unbounded, output.Height ?? Unbounded);
        var shrink = header.IsJpeg ? JpegShrinkOnLoad(header, width, height, crop, size) : 1;
        nint image;
        int status;
        if (shrink == 1)
        {
            // No export_profile: thumbnail already turns CMYK and profiled sources into sRGB, and forcing a
            // profile on sRGB sources costs a colour transform of every pixel (16.6 against 19.3 thumbnails/s).
            status = VipsNative.vips_thumbnail_buffer(buffer, length, out image, width,
                "height", height, "crop", crop, "size", size, "option_string", "fail_on=truncated", 0);
        }
        else
        {
            // libvips' thumbnail leaves at least a factor of two to its resize and so decodes a 3000 px JPEG at 1/4
            // for a 320 px thumbnail; sharp (fastShrinkOnLoad, its default) decodes at 1/8, which is most of its lead.
            // Loading at sharp's factor and handing the image to thumbnail (rotation, colour, resize) does the same.
            status = VipsNative.vips_jpegload_buffer(buffer, length, out var loaded, "shrink", shrink, "fail_on", FailOnTruncated, "access", AccessSequential, 0);
            if (status == 0)
            {
                status = VipsNative.vips_thumbnail_image(loaded, out image, width, "height", height, "crop", crop, "size", size, 0);
                VipsNative.g_object_unref(loaded);
            }
            else
            {
                image = 0;
            }
        }

        if (status != 0)
        {
            throw new JobRejectedException($"thumbnail '{output.Name}' failed: {VipsNative.TakeError()}");
        }

        try
        {
            if (output.Format == "jpeg" && VipsNative.vips_image_hasalpha(image) != 0)
            {
                image = FlattenOnWhite(image);
            }

            var content = Save(image, output);
            return new Thumbnail(output.Name, output.Format, VipsNative.vips_image_get_width(image), VipsNative.vips_image_get_height(image), content);
        }
        finally
        {
            VipsNative.g_object_unref(image);
        }
    }

    /// <summary>
    /// The JPEG shrink-on-load factor sharp would take: the common part of the shrink thumbnail will compute (from the
    /// upright size, as thumbnail does), rounded down to 8, 4 or 2, one step less where libjpeg's rounding would
    /// leave the resize a hair short of the size asked for; 1 when there is no shrinking.
    /// </summary>
    private static int JpegShrinkOnLoad(Header header, int width, int height, int crop, int size)
    {
        var (uprightWidth, uprightHeight) = header.Swap ? (header.Height, header.Width) : (header.Width, header.Height);
        double horizontal = (double)uprightWidth / width, vertical = (double)uprightHeight / height;
        if (size != SizeForce)
        {
            // Inside: the larger shrink fits both sides in the box; cover: the smaller fills it (then crops).
            horizontal = vertical = crop == CropNone ? Math.Max(horizontal, vertical) : Math.Min(horizontal, vertical);
        }

        var shrink = Math.Min(horizontal, vertical);
        var factor = shrink >= 8 ? 8 : shrink >= 4 ? 4 : shrink >= 2 ? 2 : 1;
        return factor > 1 && (int)shrink == factor ? factor / 2 : factor;
    }

    /// <summary>Replaces <paramref name="image"/> (released) with it laid over white.</summary>
    private static nint FlattenOnWhite(nint image)
    {
        var white = stackalloc double[] { 255, 255, 255 };
        var background = VipsNative.vips_array_double_new(white, 3);
        try
        {
            if (VipsNative.vips_flatten(image, out var flat, "background", background, 0) != 0)
            {
                throw new JobRejectedException($"flattening the alpha channel failed: {VipsNative.TakeError()}");
            }

            VipsNative.g_object_unref(image);
            return flat;
        }
        finally
        {
            VipsNative.vips_area_unref(background);
        }
    }

    private static byte[] Save(nint image, ImageOutputSpec output)
    {
        // "keep" 0: no EXIF, XMP, IPTC or ICC in the output (the pixels are already sRGB).
        int result;
        nint buffer;
        nuint length;
        switch (output.Format)
        {
            case "jpeg":
                result = VipsNative.vips_jpegsave_buffer(image, out buffer, out length, "Q", output.Quality, "keep", 0, "optimize_coding", 1, 0);
                break;
            case "png":
                result = VipsNative.vips_pngsave_buffer(image, out buffer, out length, "compression", 6, "keep", 0, "interlace", 0, 0);
                break;
            case "webp":
                result = VipsNative.vips_webpsave_buffer(image, out buffer, out length, "Q", output.Quality, "keep", 0, "effort", 4, 0);
                break;
            default:
                result = VipsNative.vips_heifsave_buffer(image, out buffer, out length, "Q", output.Quality, "keep", 0, "compression", HeifCompressionAv1, 0);
                break;
        }

        if (result != 0)
        {
            // libvips decodes lazily: a damaged source shows here, when the pixels are first needed.
            throw new JobRejectedException($"thumbnail '{output.Name}' ({output.Format}) failed: {VipsNative.TakeError()}");
        }

        try
        {
            return new ReadOnlySpan<byte>((void*)buffer, checked((int)length)).ToArray();
        }
        finally
        {
            VipsNative.g_free(buffer);
        }
    }

    private static bool Initialize()
    {
        if (VipsNative.vips_init("lifeguard") != 0)
        {
            throw new InvalidOperationException($"libvips did not start: {VipsNative.TakeError()}");
        }

        VipsNative.vips_cache_set_max(0);
        VipsNative.vips_block_untrusted_set(1);
        return true;
    }
}
