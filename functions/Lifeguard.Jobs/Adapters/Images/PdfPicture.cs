namespace Lifeguard.Jobs.Adapters.Images;

/// <summary>
/// An image ready for a PDF: JPEG data (the source passed through, or encoded again upright in sRGB) or decoded pixels.
/// </summary>
/// <param name="Components">1 (gray), 3 (RGB) or 4 (CMYK) for JPEG data.</param>
/// <param name="AdobeInverted">A CMYK JPEG with Adobe's APP14 marker stores inverted values.</param>
/// <param name="Profile">The source's ICC profile, for JPEG data passed through with it.</param>
public sealed record PdfPicture(int Width, int Height, byte[]? Jpeg, int Components, bool AdobeInverted, byte[]? Profile, RawImage? Raw)
{
    public static PdfPicture FromRaw(RawImage raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        return new PdfPicture(raw.Width, raw.Height, null, 3, false, null, raw);
    }
}
