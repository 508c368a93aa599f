using Lifeguard.Jobs.Domain;

namespace Lifeguard.Jobs.Adapters.Images;

/// <remarks>
/// Sources are whole encoded files as arrays, so that libvips reads them in place (pinned), never a copy. Each call
/// stops when its token is cancelled (OperationCanceledException).
/// </remarks>
public interface IImageProcessor
{
    /// <summary>Every output of <paramref name="outputs"/> from one source image.</summary>
    /// <exception cref="JobRejectedException">The source is not a usable image, or the outputs are over a limit; the message says why.</exception>
    IReadOnlyList<Thumbnail> Thumbnails(byte[] source, IReadOnlyList<ImageOutputSpec> outputs, CancellationToken cancellationToken = default);

    /// <summary>The image upright, as 8-bit sRGB pixels and, when it has one, its alpha channel.</summary>
    /// <exception cref="JobRejectedException">The source is not a usable image; the message says why.</exception>
    RawImage Decode(byte[] source, CancellationToken cancellationToken = default);

    /// <summary>The image as a PDF shows it right: a JPEG passed through when a reader would show it as it is, otherwise upright sRGB.</summary>
    /// <exception cref="JobRejectedException">The source is not a usable image (a JPEG cut short, say); the message says why.</exception>
    PdfPicture Picture(byte[] source, CancellationToken cancellationToken = default);
}
