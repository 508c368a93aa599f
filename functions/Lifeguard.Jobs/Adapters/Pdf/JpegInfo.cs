using System.Buffers.Binary;

namespace Lifeguard.Jobs.Adapters.Pdf;

/// <summary>A JPEG's size and colour components, from its start-of-frame marker, for passing it into a PDF as it is.</summary>
public static class JpegInfo
{
    public static (int Width, int Height, int Components) Read(ReadOnlySpan<byte> jpeg)
    {
        if (jpeg.Length < 4 || jpeg[0] != 0xFF || jpeg[1] != 0xD8)
        {
            throw new InvalidDataException("not a JPEG (no start-of-image marker).");
        }

        var p = 2;
        while (p + 4 <= jpeg.Length)
        {
            if (jpeg[p] != 0xFF)
            {
                throw new InvalidDataException("not a JPEG (damaged marker).");
            }

            var marker = jpeg[p + 1];
            var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg[(p + 2)..]);
            // SOF0-SOF15 except DHT (C4), JPG (C8) and DAC (CC).
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC && p + 10 <= jpeg.Length)
            {
                return (BinaryPrimitives.ReadUInt16BigEndian(jpeg[(p + 7)..]), BinaryPrimitives.ReadUInt16BigEndian(jpeg[(p + 5)..]), jpeg[p + 9]);
            }

            p += 2 + length;
        }

        throw new InvalidDataException("not a JPEG (no frame header).");
    }
}
