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

    public static string Run(string tool, IEnumerable<string> arguments) => ExternalTool.Run(tool, arguments, TimeSpan.FromMinutes(1));

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
