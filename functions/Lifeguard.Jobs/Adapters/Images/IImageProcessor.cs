using Lifeguard.Jobs.Domain;

namespace Lifeguard.Jobs.Adapters.Images;

/// <remarks>Sources are whole encoded files as arrays, so that libvips reads them in place (pinned), never a copy.</remarks>
public interface IImageProcessor
{
    /// <summary>Every output of <paramref name="outputs"/> from one source image.</summary>
    /// <exception cref="JobRejectedException">The source is not a usable image; the message says why.</exception>
    IReadOnlyList<Thumbnail> Thumbnails(byte[] source, IReadOnlyList<ImageOutputSpec> outputs);

    /// <summary>The image upright, as 8-bit sRGB pixels and, when it has one, its alpha channel.</summary>
    /// <exception cref="JobRejectedException">The source is not a usable image; the message says why.</exception>
    RawImage Decode(byte[] source);
}
