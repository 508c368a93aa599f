using Lifeguard.Cdk.Packaging;
using Lifeguard.TestSupport;

namespace Lifeguard.Cdk.Tests.Packaging;

/// <summary>
/// The real native package of Lifeguard.Snapshots, from the packager the stack uses: the one the last synth made when
/// nothing changed since (`make test` synthesizes alongside the tests; the lock makes this wait for it), else made here.
/// </summary>
public sealed class SnapshotsPackage
{
    public const string Project = "Lifeguard.Snapshots";

    public SnapshotsPackage()
    {
        Packager = new DotnetPublishPackager(RepositoryPaths.Root);
        Directory = Packager.Package(Project);
    }

    public DotnetPublishPackager Packager { get; }

    public string Directory { get; }

    public string Bootstrap => Path.Combine(Directory, DotnetPublishPackager.Bootstrap);
}
