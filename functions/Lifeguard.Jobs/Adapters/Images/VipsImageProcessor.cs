using System.Globalization;
using Lifeguard.Jobs.Domain;
using NetVips;

namespace Lifeguard.Jobs.Adapters.Images;

/// <summary>
/// Thumbnails through libvips (NetVips): the header first (pixel limit against decompression bombs), then per output
/// a thumbnail (shrink on load, EXIF auto-rotation, sRGB out, a truncated file is an error), JPEG flattened on white
/// when the source has alpha, saved with no metadata kept. Constructing one starts libvips (<see cref="Libvips"/>), so
/// a package without a working libvips fails when the function initialises. libvips' error buffer is process-wide, so
/// one image at a time goes through here (libvips still uses every core inside each operation).
/// </summary>
public sealed class VipsImageProcessor : IImageProcessor
{
    /// <summary>VIPS_MAX_COORD: "no limit" for the side that is not given.</summary>
    private const int Unbounded = 10_000_000;

    private static readonly Lock Gate = new();
    private static readonly double[] White = [255, 255, 255];

    private readonly long _maxPixels;

    /// <exception cref="InvalidOperationException">libvips is missing, does not load or is too old.</exception>
    public VipsImageProcessor(long maxPixels)
    {
        Version = Libvips.Start();
        _maxPixels = maxPixels;
    }

    /// <summary>The libvips that was loaded, e.g. "8.18.7".</summary>
    public string Version { get; }

    public IReadOnlyList<Thumbnail> Thumbnails(byte[] source, IReadOnlyList<ImageOutputSpec> outputs)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(outputs);
        lock (Gate)
        {
            var header = CheckHeader(source);
            return outputs.Select(output => Make(source, header, output)).ToList();
        }
    }

    public RawImage Decode(byte[] source)
    {
        ArgumentNullException.ThrowIfNull(source);
        lock (Gate)
        {
            CheckHeader(source);
            // Declared first, disposed last: libvips reads the pinned array until the last image made from it is gone.
            using var input = Source.NewFromMemory(source);
            Image loaded;
            try
            {
                loaded = Image.NewFromSource(input, failOn: Enums.FailOn.Truncated);
            }
            catch (VipsException ex)
            {
                throw new JobRejectedException($"the source is not an image libvips can read ({Reason(ex)}).", ex);
            }

            try
            {
                using (loaded)
                using (var upright = loaded.Autorot())
                using (var srgb = upright.Colourspace(Enums.Interpretation.Srgb))
                using (var bytes = srgb.Cast(Enums.BandFormat.Uchar))
                {
                    if (bytes.Bands < 4)
                    {
                        // libvips is lazy: the pixels are decoded here, so a damaged source shows here.
                        return new RawImage(bytes.Width, bytes.Height, bytes.WriteToMemory<byte>(), null);
                    }

                    using var rgb = bytes.ExtractBand(0, n: 3);
                    using var alpha = bytes.ExtractBand(3);
                    return new RawImage(bytes.Width, bytes.Height, rgb.WriteToMemory<byte>(), alpha.WriteToMemory<byte>());
                }
            }
            catch (VipsException ex)
            {
                throw new JobRejectedException($"decoding the image failed: {Reason(ex)}", ex);
            }
        }
    }

    /// <summary>What the source's header says: its stored size, whether EXIF turns it a quarter, whether it is a JPEG.</summary>
    private readonly record struct Header(int Width, int Height, bool Swap, bool IsJpeg);

    /// <summary>Reads the header only (libvips decodes pixels lazily): the pixel limit holds before any decoding.</summary>
    private Header CheckHeader(byte[] source)
    {
        if (source.Length == 0)
        {
            throw new JobRejectedException("the source is empty (0 bytes).");
        }

        using var input = Source.NewFromMemory(source);
        Image image;
        try
        {
            image = Image.NewFromSource(input);
        }
        catch (VipsException ex)
        {
            throw new JobRejectedException($"the source is not an image libvips can read ({Reason(ex)}).", ex);
        }

        using (image)
        {
            var (width, height) = (image.Width, image.Height);
            var pixels = (long)width * height;
            if (pixels > _maxPixels)
            {
                throw new JobRejectedException(string.Create(CultureInfo.InvariantCulture,
                    $"the source is {width} x {height} = {pixels:N0} pixels, over the limit of {_maxPixels:N0} (a decompression bomb, or too large to thumbnail)."));
            }

            var isJpeg = source.Length > 3 && source[0] == 0xFF && source[1] == 0xD8 && source[2] == 0xFF;
            return new Header(width, height, OrientationSwaps(image), isJpeg);
        }
    }

    /// <summary>True when the EXIF orientation (5 to 8) turns the image a quarter: width and height trade places.</summary>
    private static bool OrientationSwaps(Image image) =>
        image.Contains("orientation") && image.Get("orientation") is int orientation && orientation is >= 5 and <= 8;

    private static Thumbnail Make(byte[] source, Header header, ImageOutputSpec output)
    {
        var crop = output.Fit == "cover" ? Enums.Interesting.Centre : (Enums.Interesting?)null;
        var size = output.Fit == "fill" ? Enums.Size.Force : output.Enlarge ? Enums.Size.Both : Enums.Size.Down;
        var (width, height) = (output.Width ?? Unbounded, output.Height ?? Unbounded);
        var shrink = header.IsJpeg ? JpegShrinkOnLoad(header, width, height, crop is not null, size) : 1;
        // Declared first, disposed last: libvips reads the pinned array until the last image made from it is gone.
        using var input = Source.NewFromMemory(source);
        Image image;
        try
        {
            if (shrink == 1)
            {
                // No export profile: thumbnail already turns CMYK and profiled sources into sRGB, and forcing a
                // profile on sRGB sources costs a colour transform of every pixel (16.6 against 19.3 thumbnails/s).
                image = Image.ThumbnailSource(input, width, height: height, size: size, crop: crop, failOn: Enums.FailOn.Truncated);
            }
            else
            {
                // libvips' thumbnail leaves at least a factor of two to its resize and so decodes a 3000 px JPEG at 1/4
                // for a 320 px thumbnail; sharp (fastShrinkOnLoad, its default) decodes at 1/8, which is most of its
                // lead. Loading at sharp's factor and handing the image to thumbnail (rotation, colour, resize) does the same.
                using var loaded = Image.JpegloadSource(input, shrink: shrink, access: Enums.Access.Sequential, failOn: Enums.FailOn.Truncated);
                image = loaded.ThumbnailImage(width, height: height, size: size, crop: crop);
            }
        }
        catch (VipsException ex)
        {
            throw new JobRejectedException($"thumbnail '{output.Name}' failed: {Reason(ex)}", ex);
        }

        try
        {
            if (output.Format == "jpeg" && image.HasAlpha())
            {
                var flat = image.Flatten(background: White);
                image.Dispose();
                image = flat;
            }

            return new Thumbnail(output.Name, output.Format, image.Width, image.Height, Save(image, output));
        }
        catch (VipsException ex)
        {
            // libvips decodes lazily: a damaged source shows here, when the pixels are first needed.
            throw new JobRejectedException($"thumbnail '{output.Name}' ({output.Format}) failed: {Reason(ex)}", ex);
        }
        finally
        {
            image.Dispose();
        }
    }

    /// <summary>
    /// The JPEG shrink-on-load factor sharp would take: the common part of the shrink thumbnail will compute (from the
    /// upright size, as thumbnail does), rounded down to 8, 4 or 2, one step less where libjpeg's rounding would
    /// leave the resize a hair short of the size asked for; 1 when there is no shrinking.
    /// </summary>
    private static int JpegShrinkOnLoad(Header header, int width, int height, bool crop, Enums.Size size)
    {
        var (uprightWidth, uprightHeight) = header.Swap ? (header.Height, header.Width) : (header.Width, header.Height);
        double horizontal = (double)uprightWidth / width, vertical = (double)uprightHeight / height;
        if (size != Enums.Size.Force)
        {
            // Inside: the larger shrink fits both sides in the box; cover: the smaller fills it (then crops).
            horizontal = vertical = crop ? Math.Min(horizontal, vertical) : Math.Max(horizontal, vertical);
        }

        var shrink = Math.Min(horizontal, vertical);
        var factor = shrink >= 8 ? 8 : shrink >= 4 ? 4 : shrink >= 2 ? 2 : 1;
        return factor > 1 && (int)shrink == factor ? factor / 2 : factor;
    }

    /// <summary>Keep nothing: no EXIF, XMP, IPTC or ICC in the output (the pixels are already sRGB).</summary>
    private static byte[] Save(Image image, ImageOutputSpec output) => output.Format switch
    {
        "jpeg" => image.JpegsaveBuffer(q: output.Quality, optimizeCoding: true, keep: Enums.ForeignKeep.None),
        "png" => image.PngsaveBuffer(compression: 6, interlace: false, keep: Enums.ForeignKeep.None),
        "webp" => image.WebpsaveBuffer(q: output.Quality, effort: 4, keep: Enums.ForeignKeep.None),
        _ => image.HeifsaveBuffer(q: output.Quality, compression: Enums.ForeignHeifCompression.Av1, keep: Enums.ForeignKeep.None),
    };

    /// <summary>
    /// What libvips said, on one line. NetVips' message is "unable to call OPERATION" followed by libvips' error
    /// buffer; the buffer is the useful part ("VipsJpeg: premature end of JPEG image").
    /// </summary>
    private static string Reason(VipsException ex)
    {
        var lines = ex.Message.Split('\n', 2);
        var buffer = lines.Length == 2 ? lines[1].Trim() : string.Empty;
        return (buffer.Length > 0 ? buffer : lines[0].Trim()).ReplaceLineEndings(" ");
    }
}
