using Lifeguard.Cdk.Packaging;

namespace Lifeguard.Cdk.Tests;

/// <summary>Stands in for the native publish: an asset directory with a `bootstrap`, and the projects asked for.</summary>
public sealed class FakePackager : IFunctionPackager
{
    private readonly string _directory = Directory.CreateTempSubdirectory("lifeguard-asset-").FullName;

    public List<string> Requested { get; } = [];

    public string Package(string projectName)
    {
        Requested.Add(projectName);
        File.WriteAllText(Path.Combine(_directory, "bootstrap"), "not really a native executable");
        return _directory;
    }
}
