using System.Globalization;
using Lifeguard.Jobs.Adapters.Pdf;
using Lifeguard.Jobs.Domain;
using NetVips;

namespace Lifeguard.Jobs.Adapters.Images;

/// <summary>
/// Thumbnails through libvips (NetVips): the header first (pixel, output and frame limits before any decoding), then
/// the outputs: a job with several outputs decodes its source once, at the shrink-on-load its largest output allows,
/// and derives every output from that decode or from a larger output (see Shared); a single output streams through
/// thumbnail as sharp does. Every source is turned upright; a source tagged with an ICC profile (Adobe RGB, Display
/// P3) is converted to sRGB unless the output keeps its profile, and nothing else of its metadata is kept. Work stops
/// when the job's token is cancelled (libvips is told to kill the evaluation). Constructing one starts libvips
/// (<see cref="Libvips"/>). One job at a time goes through here, so libvips' process-wide error buffer belongs to one
/// job; the encodes of one job's outputs run side by side, so when two of them fail at once their reasons may mix.
/// </summary>
public sealed class VipsImageProcessor : IImageProcessor
{
    /// <summary>VIPS_MAX_COORD: "no limit" for the side that is not given.</summary>
    private const int Unbounded = 10_000_000;

    /// <summary>A decoded copy larger than this is not kept for several outputs: each output then streams its own decode.</summary>
    private const long MaxSharedDecodeBytes = 256L * 1024 * 1024;

    private static readonly Lock Gate = new();
    private static readonly double[] White = [255, 255, 255];

    private readonly ImageLimits _limits;

    /// <exception cref="InvalidOperationException">libvips is missing, does not load or is too old.</exception>
    public VipsImageProcessor(long maxPixels)
        : this(new ImageLimits { MaxPixels = maxPixels })
    {
    }

    /// <exception cref="InvalidOperationException">libvips is missing, does not load or is too old.</exception>
    public VipsImageProcessor(ImageLimits limits)
    {
        Version = Libvips.Start();
        _limits = limits;
    }

    /// <summary>The libvips that was loaded, e.g. "8.18.7".</summary>
    public string Version { get; }

    public IReadOnlyList<Thumbnail> Thumbnails(byte[] source, IReadOnlyList<ImageOutputSpec> outputs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(outputs);
        lock (Gate)
        {
            Libvips.ClearErrors();
            var header = CheckHeader(source);
            CheckOutputs(header, outputs);
            var animated = outputs.Any(o => o.Animated && header.Pages > 1);
            var shrink = header.IsJpeg ? outputs.Min(o => JpegShrinkOnLoad(header, o, shared: true)) : 1;
            if (outputs.Count > 1 && !animated && SharedDecodeBytes(header, shrink) <= MaxSharedDecodeBytes)
            {
                return Shared(source, header, shrink, outputs, cancellationToken);
            }

            return [.. outputs.Select(output => Make(source, header, output, cancellationToken))];
        }
    }

    public RawImage Decode(byte[] source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        lock (Gate)
        {
            Libvips.ClearErrors();
            var header = CheckHeader(source);
            using var input = Source.NewFromMemory(source);
            using var srgb = Upright(source, input, header);
            return Evaluate(srgb, "decoding the image", image =>
            {
                using var bytes = image.Cast(Enums.BandFormat.Uchar);
                if (bytes.Bands < 4)
                {
                    return new RawImage(bytes.Width, bytes.Height, bytes.WriteToMemory<byte>(), null);
                }

                using var rgb = bytes.ExtractBand(0, n: 3);
                using var alpha = bytes.ExtractBand(3);
                return new RawImage(bytes.Width, bytes.Height, rgb.WriteToMemory<byte>(), alpha.WriteToMemory<byte>());
            }, cancellationToken);
        }
    }

    public PdfPicture Picture(byte[] source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!JpegInfo.TryRead(source, out var jpeg))
        {
            return PdfPicture.FromRaw(Decode(source, cancellationToken));
        }

        lock (Gate)
        {
            Libvips.ClearErrors();
            var header = CheckHeader(source);
            if (jpeg.PassesThrough && header.Orientation is 0 or 1)
            {
                // Only what a reader shows as libvips would: 8-bit baseline or progressive, upright, and whole (a
                // decode at 1/8 reaches the end of the data; a cut-short file fails it).
                using var input = Source.NewFromMemory(source);
                using var small = Load(() => Image.JpegloadSource(input, shrink: 8, access: Enums.Access.Sequential, failOn: Enums.FailOn.Truncated));
                Evaluate(small, "reading the JPEG", image => image.Avg(), cancellationToken);
                return new PdfPicture(jpeg.Width, jpeg.Height, source, jpeg.Components, jpeg.AdobeInverted, ProfileFor(header.Profile, jpeg.Components), null);
            }

            // Turned by EXIF, 12-bit, lossless, arithmetic or hierarchical: decoded, upright, in sRGB, and encoded again.
            using var again = Source.NewFromMemory(source);
            using var srgb = Upright(source, again, header);
            return Evaluate(srgb, "re-encoding the JPEG", image =>
            {
                using var opaque = image.HasAlpha() ? image.Flatten(background: White) : image.Copy();
                using var bytes = opaque.Cast(Enums.BandFormat.Uchar);
                var encoded = bytes.JpegsaveBuffer(q: 92, optimizeCoding: true, keep: Enums.ForeignKeep.None);
                return new PdfPicture(bytes.Width, bytes.Height, encoded, bytes.Bands, false, null, null);
            }, cancellationToken);
        }
    }

    /// <summary>What the source's header says: its stored size, orientation, profile, frames, whether it is a JPEG.</summary>
    private readonly record struct Header(int Width, int Height, int Orientation, bool IsJpeg, byte[]? Profile, int Pages, int Bands, int BytesPerSample)
    {
        /// <summary>True when the EXIF orientation (5 to 8) turns the image a quarter: width and height trade places.</summary>
        public bool Swap => Orientation is >= 5 and <= 8;

        public (int Width, int Height) Upright => Swap ? (Height, Width) : (Width, Height);
    }

    /// <summary>Reads the header only (libvips decodes pixels lazily): the pixel limit holds before any decoding.</summary>
    private Header CheckHeader(byte[] source)
    {
        if (source.Length == 0)
        {
            throw new JobRejectedException("the source is empty (0 bytes).");
        }

        using var input = Source.NewFromMemory(source);
        using var image = Load(() => Image.NewFromSource(input));
        var (width, height) = (image.Width, image.Height);
        var pixels = (long)width * height;
        if (pixels > _limits.MaxPixels)
        {
            throw new JobRejectedException(string.Create(CultureInfo.InvariantCulture,
                $"the source is {width} x {height} = {pixels:N0} pixels, over the limit of {_limits.MaxPixels:N0} (a decompression bomb, or too large to thumbnail)."));
        }

        var orientation = image.Contains("orientation") && image.Get("orientation") is int o ? o : 0;
        var profile = image.Contains("icc-profile-data") ? image.Get("icc-profile-data") as byte[] : null;
        var pages = image.Contains("n-pages") && image.Get("n-pages") is int n ? n : 1;
        var isJpeg = source.Length > 3 && source[0] == 0xFF && source[1] == 0xD8 && source[2] == 0xFF;
        var sample = image.Format switch
        {
            Enums.BandFormat.Uchar or Enums.BandFormat.Char => 1,
            Enums.BandFormat.Ushort or Enums.BandFormat.Short => 2,
            Enums.BandFormat.Double or Enums.BandFormat.Complex => 8,
            Enums.BandFormat.Dpcomplex => 16,
            _ => 4,
        };
        return new Header(width, height, orientation, isJpeg, profile is { Length: > 0 } ? profile : null, pages, image.Bands, sample);
    }

    /// <summary>The outputs' sizes at this source's size, and their frames, within the job's limits.</summary>
    private void CheckOutputs(Header header, IReadOnlyList<ImageOutputSpec> outputs)
    {
        var (width, height) = header.Upright;
        var total = 0L;
        for (var i = 0; i < outputs.Count; i++)
        {
            var (w, h) = OutputGeometry.Size(width, height, outputs[i]);
            var frames = outputs[i].Animated ? Math.Max(1, header.Pages) : 1;
            if (frames > _limits.MaxFrames)
            {
                throw new JobRejectedException($"outputs[{i}].animated: the source has {header.Pages} frames, over the limit of {_limits.MaxFrames}.");
            }

            total += w * h * frames;
            if (total > _limits.MaxOutputPixels)
            {
                throw new JobRejectedException(string.Create(CultureInfo.InvariantCulture,
                    $"outputs[{i}]: from this {width} x {height} source the outputs come to more than {_limits.MaxOutputPixels:N0} pixels ({w} x {h}{(frames > 1 ? $" x {frames} frames" : "")} for this one), over the limit for one job."));
            }
        }
    }

    /// <summary>The bytes of the one decoded copy several outputs share.</summary>
    private static long SharedDecodeBytes(Header header, int shrink) =>
        (long)(header.Width / shrink) * (header.Height / shrink) * Math.Max(header.Bands, 3) * header.BytesPerSample;

    /// <summary>
    /// One decode, at the shrink the largest output allows, for all the outputs. They are made largest first, each
    /// from the smallest earlier result (resized to fit inside its box, kept in memory) that is still at least twice
    /// its size, or else from the decode: a 320 px output comes from the 1024 px one, not from the 3000 px source
    /// again. When only one output reads the decode, it streams from it (decoding and resizing at once, nothing held);
    /// otherwise the decode is held in memory for those that read it. The results' last resize, padding and encoding
    /// run side by side on the cores there are, as sharp's Promise.all runs its pipelines.
    /// </summary>
    private static Thumbnail[] Shared(byte[] source, Header header, int shrink, IReadOnlyList<ImageOutputSpec> outputs, CancellationToken cancellationToken)
    {
        var (width, height) = header.Upright;
        double Need(ImageOutputSpec output)
        {
            var (x, y) = OutputGeometry.Scale(width, height, output);
            return Math.Max(x, y);
        }

        // The plan: what each output starts from (-1: the decode; otherwise an earlier output's in-memory result).
        var order = Enumerable.Range(0, outputs.Count).OrderByDescending(i => Need(outputs[i])).ToList();
        var from = new int[outputs.Count];
        var steps = new List<int>();
        foreach (var i in order)
        {
            // Never from an enlarged step: an output that may not grow would come out larger than its source.
            from[i] = steps.Where(s => outputs[s].KeepProfile == outputs[i].KeepProfile && Need(outputs[s]) <= 1 && Need(outputs[s]) >= 2 * Need(outputs[i]))
                .OrderBy(s => Need(outputs[s])).DefaultIfEmpty(-1).First();
            if (outputs[i].Fit is "inside" or "contain" && i != order[^1])
            {
                steps.Add(i);
            }
        }

        steps.RemoveAll(s => !from.Contains(s));

        // Declared first, disposed last: libvips reads the pinned array until the last image made from it is gone.
        using var input = Source.NewFromMemory(source);
        using var loaded = Load(() => shrink > 1
            ? Image.JpegloadSource(input, shrink: shrink, access: Enums.Access.Sequential, failOn: Enums.FailOn.Truncated)
            : Image.NewFromSource(input, access: Enums.Access.Sequential, failOn: Enums.FailOn.Truncated));
        using var decoded = from.Count(f => f == -1) > 1 ? Evaluate(loaded, "decoding the source", image => image.CopyMemory(), cancellationToken) : null;
        var made = new Dictionary<int, Image>();
        try
        {
            var plan = new Func<Image>[outputs.Count];
            foreach (var i in order)
            {
                var output = outputs[i];
                var start = from[i] == -1 ? decoded ?? loaded : made[from[i]];
                Image Resize() => Resized(start, header, output, from[i] == -1 ? OutputProfile(header, output) : null);
                plan[i] = Resize;
                if (steps.Contains(i))
                {
                    using (var lazy = Load(Resize, $"thumbnail '{output.Name}' failed"))
                    {
                        made[i] = Evaluate(lazy, $"thumbnail '{output.Name}' failed", image => image.CopyMemory(), cancellationToken);
                    }

                    plan[i] = () => made[i].Copy();
                }
            }

            var results = new Thumbnail[outputs.Count];
            var errors = new Exception?[outputs.Count];
            Parallel.For(0, outputs.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken }, i =>
            {
                try
                {
                    results[i] = Finish(outputs[i], plan[i], cancellationToken);
                }
                catch (Exception ex) when (ex is JobRejectedException or OperationCanceledException)
                {
                    errors[i] = ex;
                }
            });

            // The job's failure is the first output's that failed, as when they ran one after another.
            if (errors.FirstOrDefault(e => e is not null) is { } error)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
            }

            return results;
        }
        finally
        {
            foreach (var image in made.Values)
            {
                image.Dispose();
            }
        }
    }

    /// <summary>One output streamed from the source: thumbnail's own shrink-on-load, or sharp's deeper one for JPEGs.</summary>
    private static Thumbnail Make(byte[] source, Header header, ImageOutputSpec output, CancellationToken cancellationToken)
    {
        var shrink = header.IsJpeg ? JpegShrinkOnLoad(header, output) : 1;
        using var input = Source.NewFromMemory(source);
        var frames = output.Animated && header.Pages > 1 ? $"[n={header.Pages}]" : null;
        return Finish(output, () =>
        {
            if (shrink == 1)
            {
                // An export profile only for tagged sources: thumbnail already turns CMYK into sRGB, and forcing a
                // profile on untagged sRGB sources costs a colour transform of every pixel (16.6 against 19.3 thumbnails/s).
                return Image.ThumbnailSource(input, Width(output), optionString: frames, height: Height(output), size: Size(output), crop: Crop(output),
                    outputProfile: OutputProfile(header, output), failOn: Enums.FailOn.Truncated);
            }

            // libvips' thumbnail leaves at least a factor of two to its resize and so decodes a 3000 px JPEG at 1/4
            // for a 320 px thumbnail; sharp (fastShrinkOnLoad, its default) decodes at 1/8, which is most of its
            // lead. Loading at sharp's factor and handing the image to thumbnail (rotation, colour, resize) does the same.
            using var loaded = Image.JpegloadSource(input, shrink: shrink, access: Enums.Access.Sequential, failOn: Enums.FailOn.Truncated);
            return Resized(loaded, header, output, OutputProfile(header, output));
        }, cancellationToken);
    }

    /// <summary>
    /// thumbnail of an image already shrunk (by libjpeg on load, or an earlier output). Inside a box the size is the one
    /// the whole source gives (OutputGeometry), forced: the shrunk image's sides are rounded (1500 / 8 is 187), and
    /// sized from them an output could be a pixel off what the source and the job's checks say.
    /// </summary>
    private static Image Resized(Image start, Header header, ImageOutputSpec output, string? outputProfile)
    {
        if (output.Fit is not ("inside" or "contain"))
        {
            return start.ThumbnailImage(Width(output), height: Height(output), size: Size(output), crop: Crop(output), outputProfile: outputProfile);
        }

        var (width, height) = header.Upright;
        var (w, h) = OutputGeometry.Size(width, height, output with { Fit = "inside" });
        return start.ThumbnailImage((int)w, height: (int)h, size: Enums.Size.Force, outputProfile: outputProfile);
    }

    /// <summary>The resized image padded, flattened and saved; libvips errors become the job's reason.</summary>
    private static Thumbnail Finish(ImageOutputSpec output, Func<Image> resize, CancellationToken cancellationToken)
    {
        var image = Load(resize, $"thumbnail '{output.Name}' failed");
        try
        {
            image = Load(() => Pad(image, output), $"thumbnail '{output.Name}' failed");

            var (width, height) = (image.Width, image.PageHeight > 0 && output.Animated ? image.PageHeight : image.Height);
            var content = Evaluate(image, $"thumbnail '{output.Name}' ({output.Format}) failed", i => Save(i, output), cancellationToken);
            return new Thumbnail(output.Name, output.Format, width, height, content);
        }
        finally
        {
            image.Dispose();
        }
    }

    /// <summary>
    /// contain's padding and JPEG's backdrop, in sRGB whatever the source was (a gray image would take only the red
    /// value), with the background's alpha where the image has some (a 3-value colour on 4 bands is an error).
    /// </summary>
    private static Image Pad(Image image, ImageOutputSpec output)
    {
        var pad = output.Fit == "contain" && (image.Width != output.Width || image.Height != output.Height);
        var flatten = output.Format == "jpeg" && image.HasAlpha();
        if (!pad && !flatten)
        {
            return image;
        }

        var result = image.Interpretation is Enums.Interpretation.Srgb or Enums.Interpretation.Rgb ? image : image.Colourspace(Enums.Interpretation.Srgb);
        var background = Background(output, out var alpha);
        if (pad)
        {
            using var withAlpha = alpha && !result.HasAlpha() ? result.Bandjoin(255) : null;
            var colour = (withAlpha ?? result).HasAlpha() && background.Length == 3 ? [.. background, 255] : background;
            var padded = (withAlpha ?? result).Gravity(Enums.CompassDirection.Centre, output.Width!.Value, output.Height!.Value, Enums.Extend.Background, colour);
            Swap(ref result, padded, image);
        }

        if (output.Format == "jpeg" && result.HasAlpha())
        {
            Swap(ref result, result.Flatten(background: [.. background.Take(3)]), image);
        }

        if (!ReferenceEquals(result, image))
        {
            image.Dispose();
        }

        return result;
    }

    /// <summary>Replaces <paramref name="current"/> by <paramref name="next"/>, disposing it unless it is the caller's <paramref name="original"/>.</summary>
    private static void Swap(ref Image current, Image next, Image original)
    {
        if (!ReferenceEquals(current, original))
        {
            current.Dispose();
        }

        current = next;
    }

    /// <summary>The source loaded upright in sRGB (through its profile when it has one), for decoding whole.</summary>
    private static Image Upright(byte[] source, Source input, Header header)
    {
        using var loaded = Load(() => Image.NewFromSource(input, failOn: Enums.FailOn.Truncated));
        using var upright = loaded.Autorot();
        if (header.Profile is not null && upright.Interpretation != Enums.Interpretation.Multiband)
        {
            return Load(() => upright.IccTransform("srgb", embedded: true, intent: Enums.Intent.Perceptual), "converting the image's colours");
        }

        return upright.Colourspace(Enums.Interpretation.Srgb);
    }

    /// <summary>
    /// The profile when its colour space (header bytes 16-19) has as many components as the JPEG; a PDF whose ICCBased
    /// /N disagrees with its profile is an error in Acrobat, so a mismatched profile is left out (the device space shows).
    /// </summary>
    private static byte[]? ProfileFor(byte[]? profile, int components) => profile is { Length: > 20 } && System.Text.Encoding.ASCII.GetString(profile, 16, 4) switch
    {
        "GRAY" => 1,
        "RGB " => 3,
        "CMYK" => 4,
        _ => 0,
    } == components ? profile : null;

    private static int Width(ImageOutputSpec output) => output.Width ?? Unbounded;

    private static int Height(ImageOutputSpec output) => output.Height ?? Unbounded;

    private static Enums.Size Size(ImageOutputSpec output) => output.Fit == "fill" ? Enums.Size.Force : output.Enlarge ? Enums.Size.Both : Enums.Size.Down;

    private static Enums.Interesting? Crop(ImageOutputSpec output) => output.Fit != "cover" ? null : output.Position switch
    {
        "attention" => Enums.Interesting.Attention,
        "entropy" => Enums.Interesting.Entropy,
        _ => Enums.Interesting.Centre,
    };

    /// <summary>sRGB for a tagged source (its profile is the input profile); none keeps the numbers, and for untagged sources costs nothing.</summary>
    private static string? OutputProfile(Header header, ImageOutputSpec output) => header.Profile is not null && !output.KeepProfile ? "srgb" : null;

    /// <summary>The background as libvips values, and whether it carries alpha.</summary>
    private static double[] Background(ImageOutputSpec output, out bool alpha)
    {
        var text = output.Background ?? "#ffffff";
        alpha = text.Length == 9;
        return [.. Enumerable.Range(0, (text.Length - 1) / 2).Select(i => (double)int.Parse(text.AsSpan(1 + (2 * i), 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture))];
    }

    /// <summary>
    /// The JPEG shrink-on-load factor sharp would take: the common part of the shrink thumbnail will compute (from the
    /// upright size, as thumbnail does), rounded down to 8, 4 or 2, one step less where libjpeg's rounding would
    /// leave the resize a hair short of the size asked for; 1 when there is no shrinking. For a decode several outputs
    /// share (<paramref name="shared"/>), the largest factor without that step: their sizes are forced (Resized).
    /// </summary>
    private static int JpegShrinkOnLoad(Header header, ImageOutputSpec output, bool shared = false)
    {
        var (width, height) = header.Upright;
        var (x, y) = OutputGeometry.Scale(width, height, output with { Enlarge = true });
        var shrink = Math.Min(1 / x, 1 / y);
        var factor = shrink >= 8 ? 8 : shrink >= 4 ? 4 : shrink >= 2 ? 2 : 1;
        return !shared && factor > 1 && (int)shrink == factor ? factor / 2 : factor;
    }

    /// <summary>Only the profile when it is asked for (the numbers were left in its colour space); otherwise nothing.</summary>
    private static byte[] Save(Image image, ImageOutputSpec output)
    {
        var keep = output.KeepProfile ? Enums.ForeignKeep.Icc : Enums.ForeignKeep.None;
        return output.Format switch
        {
            "jpeg" => image.JpegsaveBuffer(q: output.Quality, optimizeCoding: true, interlace: output.Progressive, keep: keep),
            "png" => image.PngsaveBuffer(compression: 6, interlace: output.Progressive, keep: keep),
            "webp" => image.WebpsaveBuffer(q: output.Quality, lossless: output.Lossless, effort: output.Effort ?? 4, keep: keep),
            "gif" => image.GifsaveBuffer(keep: keep),
            _ => image.HeifsaveBuffer(q: output.Quality, compression: Enums.ForeignHeifCompression.Av1, effort: output.Effort ?? 4, keep: keep),
        };
    }

    /// <summary>A libvips call that builds an image; a failure is the job's (the source cannot be used), with libvips' reason.</summary>
    private static Image Load(Func<Image> load, string context = "the source is not an image libvips can read")
    {
        try
        {
            return load();
        }
        catch (VipsException ex)
        {
            throw new JobRejectedException(context.StartsWith("the source", StringComparison.Ordinal) ? $"{context} ({Reason(ex)})." : $"{context}: {Reason(ex)}", ex);
        }
    }

    /// <summary>
    /// Computes from <paramref name="image"/> (libvips is lazy: the pixels are decoded here, so a damaged source shows
    /// here), stopping libvips when the job's token is cancelled.
    /// </summary>
    private static T Evaluate<T>(Image image, string context, Func<Image, T> compute, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        image.SetProgress(true);
        using (cancellationToken.Register(() => image.SetKill(true)))
        {
            try
            {
                return compute(image);
            }
            catch (VipsException ex)
            {
                cancellationToken.ThrowIfCancellationRequested();
                throw new JobRejectedException($"{context}: {Reason(ex)}", ex);
            }
        }
    }

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
