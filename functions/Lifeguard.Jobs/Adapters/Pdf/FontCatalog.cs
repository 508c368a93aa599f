using System.Collections.Concurrent;

namespace Lifeguard.Jobs.Adapters.Pdf;

/// <summary>The fonts shipped with the function (fonts/*.ttf beside it), each read once and kept.</summary>
public sealed class FontCatalog(string directory)
{
    public static IReadOnlyList<string> Names => Domain.FontFaces.Names;

    private readonly ConcurrentDictionary<string, TrueTypeFont> _fonts = new(StringComparer.Ordinal);

    public static FontCatalog Shipped { get; } = new(Path.Combine(AppContext.BaseDirectory, "fonts"));

    public TrueTypeFont Get(string name) =>
        _fonts.GetOrAdd(name, n => new TrueTypeFont(n, File.ReadAllBytes(Path.Combine(directory, n + ".ttf"))));
}
