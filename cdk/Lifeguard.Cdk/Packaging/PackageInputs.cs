using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;

namespace Lifeguard.Cdk.Packaging;

/// <summary>
/// Everything a function package is built from, as one SHA-256, so that a synth whose inputs have not changed reuses
/// the package instead of compiling it natively again (a minute or more per function): the publish recipe, the .NET
/// runtime that compiles it, the repository's build files, and every file of the project and of the projects it
/// references (bin/ and obj/ aside). Content that a project pulls from outside the repository is covered by what pins
/// it: NuGet packages by Directory.Packages.props, the npm libvips by package-lock.json.
/// </summary>
public static class PackageInputs
{
    private static readonly string[] BuildFiles =
    [
        "global.json", "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "NuGet.config", "nuget.config",
        ".editorconfig", "package-lock.json", "eng/BannedSymbols.txt",
        "functions/Directory.Build.props", "functions/Directory.Build.targets", "tests/Directory.Build.props",
    ];

    public static string Hash(string repositoryRoot, string projectFile, string recipe)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        AddText(sha, "recipe", recipe);
        AddText(sha, "runtime", RuntimeInformation.FrameworkDescription);
        foreach (var file in BuildFiles.Select(f => Path.Combine(repositoryRoot, f)).Where(File.Exists))
        {
            AddFile(sha, repositoryRoot, file);
        }

        foreach (var directory in ProjectClosure(projectFile))
        {
            foreach (var file in SourceFiles(directory).Order(StringComparer.Ordinal))
            {
                AddFile(sha, repositoryRoot, file);
            }
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>The directories of <paramref name="projectFile"/> and of every project it references, transitively, in a stable order.</summary>
    public static IReadOnlyList<string> ProjectClosure(string projectFile)
    {
        var seen = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([Path.GetFullPath(projectFile)]);
        while (pending.Count > 0)
        {
            var project = pending.Pop();
            if (!seen.Add(project))
            {
                continue;
            }

            var directory = Path.GetDirectoryName(project)!;
            foreach (var reference in XDocument.Load(project).Descendants("ProjectReference").Select(r => (string?)r.Attribute("Include")).OfType<string>())
            {
                pending.Push(Path.GetFullPath(Path.Combine(directory, reference.Replace('\\', '/'))));
            }
        }

        return [.. seen.Select(p => Path.GetDirectoryName(p)!).Distinct()];
    }

    private static IEnumerable<string> SourceFiles(string directory)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = false, AttributesToSkip = FileAttributes.None };
        foreach (var file in Directory.EnumerateFiles(directory, "*", options))
        {
            yield return file;
        }

        foreach (var child in Directory.EnumerateDirectories(directory, "*", options))
        {
            var name = Path.GetFileName(child);
            if (name is "bin" or "obj" || name.StartsWith('.'))
            {
                continue;
            }

            foreach (var file in SourceFiles(child))
            {
                yield return file;
            }
        }
    }

    private static void AddFile(IncrementalHash sha, string repositoryRoot, string file)
    {
        AddText(sha, "file", Path.GetRelativePath(repositoryRoot, file).Replace('\\', '/'));
        var content = File.ReadAllBytes(file);
        AddText(sha, "length", content.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        sha.AppendData(content);
    }

    /// <summary>Each piece with its kind and a terminator, so that no two different input lists hash alike.</summary>
    private static void AddText(IncrementalHash sha, string kind, string value) =>
        sha.AppendData(Encoding.UTF8.GetBytes($"{kind}\0{value}\0"));
}
