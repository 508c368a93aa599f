using System.Globalization;
using System.Text.RegularExpressions;

namespace Lifeguard.Cdk.Packaging;

/// <summary>
/// Which glibc a package needs. The native binary is linked on the build machine, against its glibc; provided.al2023
/// (Amazon Linux 2023) has glibc 2.34, and a binary or shipped library that asks for a newer symbol version does not
/// even start there ("version `GLIBC_2.36' not found"). Read with objdump (binutils, which the native linker needs too).
/// </summary>
public static partial class GlibcRequirements
{
    /// <summary>The glibc of Amazon Linux 2023, the provided.al2023 runtime.</summary>
    public static readonly Version Newest = new(2, 34);

    private static readonly TimeSpan ObjdumpTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Throws, naming each file and symbol, when an ELF file under <paramref name="directory"/> needs a glibc newer than <see cref="Newest"/>.</summary>
    public static void Verify(string directory)
    {
        var tooNew = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Where(IsElf)
            .Order(StringComparer.Ordinal)
            .Select(file => (File: Path.GetRelativePath(directory, file), Symbols: Read(file).Where(s => s.Version > Newest).ToList()))
            .Where(f => f.Symbols.Count > 0)
            .ToList();
        if (tooNew.Count > 0)
        {
            throw new InvalidOperationException(
                $"{directory} needs a glibc newer than {Newest}, the one on Amazon Linux 2023 (provided.al2023): " +
                string.Join("; ", tooNew.Select(f => $"{f.File} uses {string.Join(", ", f.Symbols.OrderByDescending(s => s.Version).Take(8))}")) +
                ". Link on an older distribution (or against an older sysroot), or drop what calls them.");
        }
    }

    /// <summary>The glibc symbols <paramref name="elfFile"/> takes from the system (its undefined dynamic symbols).</summary>
    public static IReadOnlyList<GlibcSymbol> Read(string elfFile)
    {
        var result = Command.Run("objdump", ["--dynamic-syms", "--wide", elfFile], ObjdumpTimeout);
        return result.ExitCode == 0
            ? Parse(result.Output)
            : throw new InvalidOperationException($"objdump could not read {elfFile} ({result.ExitCode}): {result.Error}");
    }

    /// <summary>The undefined GLIBC_x.y symbols in `objdump --dynamic-syms` output.</summary>
    public static IReadOnlyList<GlibcSymbol> Parse(string objdumpDynamicSymbols)
    {
        ArgumentNullException.ThrowIfNull(objdumpDynamicSymbols);
        return [.. objdumpDynamicSymbols.Split('\n')
            .Select(line => UndefinedGlibcSymbol().Match(line))
            .Where(m => m.Success)
            .Select(m => new GlibcSymbol(m.Groups["name"].Value, Version.Parse(PadVersion(m.Groups["version"].Value))))];
    }

    /// <summary>ELF objects start with 0x7F 'E' 'L' 'F'.</summary>
    public static bool IsElf(string file)
    {
        Span<byte> magic = stackalloc byte[4];
        using var stream = File.OpenRead(file);
        return stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false) == 4 && magic.SequenceEqual(ElfMagic);
    }

    private static ReadOnlySpan<byte> ElfMagic => [0x7F, (byte)'E', (byte)'L', (byte)'F'];

    /// <summary>System.Version wants two parts at least; GLIBC versions have two or three (2.2.5).</summary>
    private static string PadVersion(string version) =>
        version.Contains('.', StringComparison.Ordinal) ? version : string.Create(CultureInfo.InvariantCulture, $"{version}.0");

    // 0000000000000000      DF *UND*	0000000000000000 (GLIBC_2.34) __libc_start_main
    [GeneratedRegex(@"\*UND\*\s+\S+\s+\(?GLIBC_(?<version>\d+(?:\.\d+)*)\)?\s+(?<name>\S+)\s*$")]
    private static partial Regex UndefinedGlibcSymbol();
}
