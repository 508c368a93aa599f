namespace Lifeguard.Jobs.Adapters.Images;

/// <param name="Content">The encoded image.</param>
public sealed record Thumbnail(string Name, string Format, int Width, int Height, byte[] Content);
