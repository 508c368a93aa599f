namespace Lifeguard.Cdk.Packaging;

/// <summary>A glibc function or variable a binary takes from the system, at the symbol version it was linked against.</summary>
public sealed record GlibcSymbol(string Name, Version Version)
{
    public override string ToString() => $"{Name}@GLIBC_{Version}";
}
