using Lifeguard.Cdk.Packaging;
using Lifeguard.TestSupport;

namespace Lifeguard.Cdk.Tests.Packaging;

public sealed class GlibcRequirementsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("lifeguard-glibc-").FullName;

    [Fact]
    public void Parse_ObjdumpDynamicSymbols_ReadsTheUndefinedGlibcOnes()
    {
        // Lines as binutils 2.40 prints them for a native Lifeguard binary and for libvips.
        const string objdump = """

            bootstrap:     file format elf64-x86-64

            DYNAMIC SYMBOL TABLE:
            0000000000000000      DF *UND*	0000000000000000 (GLIBC_2.2.5) mlock
            0000000000000000      DF *UND*	0000000000000000 (GLIBC_2.34) __libc_start_main
            0000000000000000  w   DF *UND*	0000000000000000 (GLIBC_2.2.5) __cxa_finalize
            0000000000000000  w   D  *UND*	0000000000000000  Base        __gmon_start__
            0000000000000000      DF *UND*	0000000000000000 (GLIBC_2.29) exp
            0000000000000000      DF *UND*	0000000000000000 (GLIBCXX_3.4.29) _ZNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEE10_M_replaceEmmPKcm
            00000000001525a0 g    DF .text	00000000000000a2  Base        vips_andimage
            """;

        var symbols = GlibcRequirements.Parse(objdump);

        Assert.Equal(
            ["mlock@GLIBC_2.2.5", "__libc_start_main@GLIBC_2.34", "__cxa_finalize@GLIBC_2.2.5", "exp@GLIBC_2.29"],
            symbols.Select(s => s.ToString()));
        Assert.True(symbols[0].Version < symbols[1].Version, "2.2.5 is older than 2.34");
        Assert.True(new Version(2, 4) < GlibcRequirements.Newest, "2.4 is older than 2.34, not newer");
    }

    [Fact]
    [Trait("Category", "Integration")]
    public void Verify_BinaryLinkedAgainstOldSymbols_Passes()
    {
        Compile("int puts(const char*); int main(void) { return puts(\"hello\") < 0; }");

        GlibcRequirements.Verify(_directory);
    }

    [Fact]
    [Trait("Category", "Integration")]
    public void Verify_BinaryNeedingANewerGlibc_IsRefusedNamingFileAndSymbol()
    {
        // arc4random arrived in glibc 2.36 (the build machines' Debian 12); Amazon Linux 2023 lacks it.
        Compile("#include <stdlib.h>\nint main(void) { return (int)(arc4random() & 1); }");
        File.WriteAllText(Path.Combine(_directory, "README.txt"), "not an ELF file, so not read");

        var ex = Assert.Throws<InvalidOperationException>(() => GlibcRequirements.Verify(_directory));

        Assert.Contains("bootstrap uses arc4random@GLIBC_2.36", ex.Message, StringComparison.Ordinal);
        Assert.Contains("2.34", ex.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private void Compile(string source)
    {
        var file = Path.Combine(_directory, "main.c");
        File.WriteAllText(file, source);
        ExternalTool.Run("clang", ["-O1", "-o", Path.Combine(_directory, "bootstrap"), file], TimeSpan.FromMinutes(2));
        File.Delete(file);
    }
}
