namespace Lifeguard.TestSupport;

/// <summary>Where the repository and the shared test data are, found from the test assembly's location.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>../shared/testdata beside the checkout (always present in CI).</summary>
    public static string SharedTestData => Path.GetFullPath(Path.Combine(Root, "..", "shared", "testdata"));

    public static string Events => Path.Combine(Root, "events");

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        for (var depth = 0; directory is not null && depth < 12; depth++, directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Lifeguard.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Lifeguard.slnx above {AppContext.BaseDirectory}.");
    }
}
