using System.Diagnostics;

namespace Lifeguard.Cdk.Packaging;

/// <summary>
/// `dotnet publish` of a function project for Lambda, run locally at synth time (no Docker on build machines; the SDK
/// that builds the CDK app builds the functions). <see cref="PackageFormat.Native"/>, what the stack deploys, is a
/// Native AOT linux-x64 binary renamed `bootstrap` for provided.al2023, with the files the project ships beside it
/// (fonts, native libraries) and no debug symbols; its glibc needs are checked against Amazon Linux 2023's.
/// <para>
/// A package is rebuilt only when <see cref="PackageInputs"/> changed: the input hash is kept beside the package and
/// written last, so an interrupted publish is redone. One lock file for all packages makes a second packager (a test,
/// a benchmark, another synth) wait for the first and then reuse its package: two publishes at once would build the
/// projects they share (Lifeguard.Runtime, Lifeguard.Aws) into the same obj/ directory.
/// </para>
/// </summary>
public sealed class DotnetPublishPackager(string repositoryRoot, PackageFormat format = PackageFormat.Native) : IFunctionPackager
{
    /// <summary>The file Lambda's provided runtimes execute, and so the function's handler setting.</summary>
    public const string Bootstrap = "bootstrap";

    /// <summary>Bump to rebuild every package when what this class does with the publish output changes.</summary>
    private const string RecipeVersion = "1";

    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(20);
    private static readonly TimeSpan LockPatience = PublishTimeout + TimeSpan.FromMinutes(5);

    public PackageFormat Format => format;

    /// <summary>.artifacts/lambda for native packages (the Jobs benchmark reads sizes there), .artifacts/lambda-r2r for the baseline.</summary>
    public string PackagesDirectory => Path.Combine(repositoryRoot, ".artifacts", format == PackageFormat.Native ? "lambda" : "lambda-r2r");

    public string Package(string projectName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(projectName);
        var project = FindProject(projectName);
        var package = Path.Combine(PackagesDirectory, projectName);
        var stamp = package + ".inputs";
        Directory.CreateDirectory(PackagesDirectory);
        using var held = Lock(Path.Combine(repositoryRoot, ".artifacts", "publish.lock"));

        var arguments = PublishArguments(project, Staging(projectName));
        var inputs = PackageInputs.Hash(repositoryRoot, project, $"{RecipeVersion}\n{string.Join('\n', arguments.Skip(2))}");
        if (!(File.Exists(stamp) && File.ReadAllText(stamp) == inputs && Directory.Exists(package)))
        {
            File.Delete(stamp);
            Publish(projectName, arguments);
            Assemble(projectName, package);
            Verify(package);
            File.WriteAllText(stamp, inputs);
        }
        else
        {
            // Cheap, and the rule may be newer than the package.
            Verify(package);
        }

        return package;
    }

    private string FindProject(string projectName)
    {
        // Functions live under functions/; the runtime's echo function (cold-start baseline) under tests/.
        foreach (var folder in new[] { "functions", "tests" })
        {
            var project = Path.Combine(repositoryRoot, folder, projectName, projectName + ".csproj");
            if (File.Exists(project))
            {
                return project;
            }
        }

        throw new FileNotFoundException($"No function project {projectName} under functions/.", Path.Combine(repositoryRoot, "functions", projectName));
    }

    private string Staging(string projectName) =>
        Path.Combine(repositoryRoot, ".artifacts", "publish", format == PackageFormat.Native ? "native" : "r2r", projectName);

    private List<string> PublishArguments(string project, string output)
    {
        List<string> arguments = ["publish", project, "--configuration", "Release", "--runtime", "linux-x64"];
        arguments.AddRange(format == PackageFormat.Native
            // PublishAot comes from functions/Directory.Build.props; said again so a project outside functions/ gets it too.
            ? ["-p:PublishAot=true"]
            : ["-p:PublishAot=false", "--self-contained", "false", "-p:PublishReadyToRun=true"]);
        arguments.AddRange([
            // `make build` already ran every analyzer on this code with warnings as errors; here they would only double the
            // compile. Source generators still run, and the trim and AOT warnings come from the native compiler itself.
            "-p:RunAnalyzers=false",
            "-p:GenerateDocumentationFile=false",
            "--output", output, "--nologo", "--verbosity", "quiet",
        ]);
        return arguments;
    }

    private void Publish(string projectName, List<string> arguments)
    {
        var output = arguments[arguments.IndexOf("--output") + 1];
        if (Directory.Exists(output))
        {
            // Stale files from an earlier publish would otherwise ride along in the package.
            Directory.Delete(output, recursive: true);
        }

        var clock = Stopwatch.StartNew();
        var result = Command.Run("dotnet", arguments, PublishTimeout, repositoryRoot);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish {projectName} ({format}) failed ({result.ExitCode}):\n{result.Output}\n{result.Error}");
        }

        // Warnings that the build lets through (see functions/Directory.Build.props) stay in sight.
        var warnings = (result.Output + result.Error).Split('\n').Where(l => l.Contains("warning", StringComparison.OrdinalIgnoreCase)).Distinct().ToList();
        Console.Error.WriteLine($"Lifeguard: published {projectName} ({format}) in {clock.Elapsed.TotalSeconds:0} s{(warnings.Count > 0 ? ", with warnings:" : ".")}");
        foreach (var warning in warnings)
        {
            Console.Error.WriteLine("  " + warning.Trim());
        }
    }

    /// <summary>The package directory from the publish output: native symbols and IL pdbs stay behind; the executable becomes `bootstrap`.</summary>
    private void Assemble(string projectName, string package)
    {
        var staging = Staging(projectName);
        if (Directory.Exists(package))
        {
            Directory.Delete(package, recursive: true);
        }

        Directory.CreateDirectory(package);
        if (format == PackageFormat.ReadyToRun)
        {
            // As deployed on dotnet10 before: the publish output as it is.
            CopyDirectory(staging, package, _ => true);
            return;
        }

        var executable = Path.Combine(staging, projectName);
        if (!File.Exists(executable) || !GlibcRequirements.IsElf(executable))
        {
            throw new InvalidOperationException($"dotnet publish {projectName} left no native executable at {executable}.");
        }

        CopyDirectory(staging, package, file => Path.GetExtension(file) is not (".dbg" or ".pdb") && file != executable);
        var bootstrap = Path.Combine(package, Bootstrap);
        File.Copy(executable, bootstrap);
        // Lambda runs it as another user than the one that unpacks it. (The native linux-x64 publish itself runs only on Linux.)
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(bootstrap, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
    }

    private void Verify(string package)
    {
        if (format == PackageFormat.Native)
        {
            GlibcRequirements.Verify(package);
        }
    }

    private static void CopyDirectory(string from, string to, Func<string, bool> include)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories).Where(include))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    /// <summary>An exclusive lock on <paramref name="path"/> (flock, released if this process dies), waiting for another holder a bounded time.</summary>
    private static FileStream Lock(string path)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (waited.Elapsed < LockPatience)
            {
                Thread.Sleep(TimeSpan.FromMilliseconds(250));
            }
        }
    }
}
