using System.Buffers.Binary;

namespace Lifeguard.Jobs.Adapters.Pdf;

/// <summary>A JPEG's frame as its markers describe it: what decides whether it can go into a PDF as it is.</summary>
/// <param name="Frame">The start-of-frame marker: C0 baseline, C1 extended, C2 progressive, C3 lossless, C5-C7 hierarchical, C9-CF arithmetic.</param>
/// <param name="AdobeInverted">An APP14 "Adobe" marker on a CMYK JPEG: its values are stored inverted (Photoshop's convention).</param>
public sealed record JpegInfo(int Width, int Height, int Components, int Precision, byte Frame, bool AdobeInverted)
{
    /// <summary>What every PDF reader's DCTDecode shows as libjpeg does: 8-bit Huffman baseline or progressive, gray, RGB or CMYK.</summary>
    public bool PassesThrough => Frame is 0xC0 or 0xC1 or 0xC2 && Precision == 8 && Components is 1 or 3 or 4;

    public static bool TryRead(ReadOnlySpan<byte> jpeg, out JpegInfo info)
    {
        info = null!;
        if (jpeg.Length < 4 || jpeg[0] != 0xFF || jpeg[1] != 0xD8)
        {
            return false;
        }

        var adobe = false;
        var p = 2;
        while (p + 4 <= jpeg.Length && jpeg[p] == 0xFF)
        {
            var marker = jpeg[p + 1];
            var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg[(p + 2)..]);
            if (marker == 0xEE && p + 9 <= jpeg.Length && jpeg.Slice(p + 4, 5).SequenceEqual("Adobe"u8))
            {
                adobe = true;
            }

            // SOF0-SOF15 except DHT (C4), JPG (C8) and DAC (CC).
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC && p + 10 <= jpeg.Length)
            {
                var components = jpeg[p + 9];
                info = new JpegInfo(BinaryPrimitives.ReadUInt16BigEndian(jpeg[(p + 7)..]), BinaryPrimitives.ReadUInt16BigEndian(jpeg[(p + 5)..]),
                    components, jpeg[p + 4], marker, adobe && components == 4);
                return true;
            }

            p += 2 + length;
        }

        return false;
    }
}
