using Lifeguard.Jobs.Domain;

namespace Lifeguard.Jobs.Adapters.Images;

public interface IImageProcessor
{
    /// <summary>Every output of <paramref name="outputs"/> from one source image.</summary>
    /// <exception cref="JobRejectedException">The source is not a usable image; the message says why.</exception>
    IReadOnlyList<Thumbnail> Thumbnails(ReadOnlySpan<byte> source, IReadOnlyList<ImageOutputSpec> outputs);
}
