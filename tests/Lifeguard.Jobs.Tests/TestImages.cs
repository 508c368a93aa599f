using Lifeguard.TestSupport;

namespace Lifeguard.Jobs.Tests;

/// <summary>
/// Test images made by ImageMagick (Debian's, not ours), and checked by independent tools: identify (ImageMagick)
/// and vipsheader (Debian's libvips, not the copy the worker loads).
/// </summary>
public sealed class TestImages : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("lifeguard-images-").FullName;

    public string Path(string name) => System.IO.Path.Combine(_directory, name);

    /// <summary>Runs `convert` with <paramref name="arguments"/>, the last one being the output name, and returns the file's bytes.</summary>
    public byte[] Convert(params string[] arguments)
    {
        var args = arguments.ToArray();
        args[^1] = Path(args[^1]);
        Run("convert", args);
        return File.ReadAllBytes(args[^1]);
    }

    /// <summary>"width height format orientation" by identify, e.g. "200 150 JPEG Undefined".</summary>
    public string Identify(byte[] image, string name)
    {
        var path = Path(name);
        File.WriteAllBytes(path, image);
        return Run("identify", ["-format", "%w %h %m %[orientation]\n", path]).Split('\n')[0].Trim();
    }

    /// <summary>Every metadata field vipsheader sees (exif-data, icc-profile-data, xmp-data …).</summary>
    public string Fields(byte[] image, string name)
    {
        var path = Path(name);
        File.WriteAllBytes(path, image);
        return Run("vipsheader", ["-a", path]);
    }

    /// <summary>The JPEG with an EXIF segment (APP1) right after its start that holds only the orientation tag (0x0112).</summary>
    public static byte[] WithExifOrientation(byte[] jpeg, ushort orientation)
    {
        byte[] tiff =
        [
            (byte)'I', (byte)'I', 42, 0, 8, 0, 0, 0, // little-endian TIFF header, first IFD at 8
            1, 0,                                   // one entry
            0x12, 0x01, 3, 0, 1, 0, 0, 0, (byte)orientation, 0, 0, 0, // Orientation, SHORT, count 1, value
            0, 0, 0, 0,                             // no next IFD
        ];
        byte[] exif = [.. "Exif\0\0"u8, .. tiff];
        var length = exif.Length + 2;
        return [0xFF, 0xD8, 0xFF, 0xE1, (byte)(length >> 8), (byte)length, .. exif, .. jpeg.AsSpan(2)];
    }

    /// <summary>The JPEG without its APP14 "Adobe" segment: CMYK values not inverted, as some encoders write them.</summary>
    public static byte[] WithoutAdobeMarker(byte[] jpeg)
    {
        var p = 2;
        while (p + 4 <= jpeg.Length && jpeg[p] == 0xFF && jpeg[p + 1] != 0xDA)
        {
            var length = (jpeg[p + 2] << 8) | jpeg[p + 3];
            if (jpeg[p + 1] == 0xEE)
            {
                return [.. jpeg.AsSpan(0, p), .. jpeg.AsSpan(p + 2 + length)];
            }

            p += 2 + length;
        }

        throw new InvalidOperationException("no Adobe marker");
    }

    public static string Run(string tool, IEnumerable<string> arguments) => ExternalTool.Run(tool, arguments, TimeSpan.FromMinutes(1));

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
