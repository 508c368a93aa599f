namespace Lifeguard.Jobs.Domain;

/// <summary>
/// The size an output will have, from the upright source size and the output's box, as libvips' thumbnail sizes it:
/// known before any pixel is decoded, so the job's limits hold before the work is done.
/// </summary>
public static class OutputGeometry
{
    /// <summary>The scale applied to the source on each axis (before a cover crop).</summary>
    public static (double X, double Y) Scale(int sourceWidth, int sourceHeight, ImageOutputSpec output)
    {
        ArgumentNullException.ThrowIfNull(output);
        double horizontal = output.Width is { } w ? (double)w / sourceWidth : double.PositiveInfinity;
        double vertical = output.Height is { } h ? (double)h / sourceHeight : double.PositiveInfinity;
        if (output.Fit == "fill")
        {
            return (horizontal, vertical);
        }

        var scale = output.Fit == "cover" ? Math.Max(Finite(horizontal, vertical), Finite(vertical, horizontal)) : Math.Min(horizontal, vertical);
        scale = output.Enlarge ? scale : Math.Min(scale, 1);
        return (scale, scale);
    }

    /// <summary>The output's width and height in pixels.</summary>
    public static (long Width, long Height) Size(int sourceWidth, int sourceHeight, ImageOutputSpec output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (output.Fit is "fill" or "contain")
        {
            return (output.Width ?? 0, output.Height ?? 0);
        }

        var (x, y) = Scale(sourceWidth, sourceHeight, output);
        long width = Math.Max(1, (long)Math.Round(sourceWidth * x)), height = Math.Max(1, (long)Math.Round(sourceHeight * y));
        return output.Fit == "cover" ? (Math.Min(width, output.Width ?? width), Math.Min(height, output.Height ?? height)) : (width, height);
    }

    private static double Finite(double value, double other) => double.IsPositiveInfinity(value) ? other : value;
}
