namespace Lifeguard.Jobs.Adapters.Images;

/// <param name="Rgb">Width x height x 3 bytes, rows top to bottom.</param>
/// <param name="Alpha">Width x height bytes, or null when the image is opaque.</param>
public sealed record RawImage(int Width, int Height, byte[] Rgb, byte[]? Alpha);
