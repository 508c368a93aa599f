using Lifeguard.Jobs.Domain;

namespace Lifeguard.Jobs.Adapters.Images;

/// <summary>What one job may ask of libvips; each is checked from the header, before any pixel is decoded.</summary>
public sealed record ImageLimits
{
    /// <summary>Sources with more pixels than this are refused (decompression bombs).</summary>
    public long MaxPixels { get; init; } = 100_000_000;

    /// <summary>All outputs of a job together, at the source's real size (an enlarged panorama, every frame of an animation).</summary>
    public long MaxOutputPixels { get; init; } = JobRules.MaxOutputPixels;

    /// <summary>Frames an animated output may keep.</summary>
    public int MaxFrames { get; init; } = 100;
}
