namespace Lifeguard.Jobs.Domain;

/// <summary>The shipped DejaVu faces by family, so that a run's bold and italic pick the face that has them.</summary>
public static class FontFaces
{
    private static readonly Dictionary<string, string[]> Families = new(StringComparer.Ordinal)
    {
        // regular, bold, italic, bold italic
        ["DejaVuSans"] = ["DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique", "DejaVuSans-BoldOblique"],
        ["DejaVuSerif"] = ["DejaVuSerif", "DejaVuSerif-Bold", "DejaVuSerif-Italic", "DejaVuSerif-BoldItalic"],
        ["DejaVuSansMono"] = ["DejaVuSansMono", "DejaVuSansMono-Bold", "DejaVuSansMono-Oblique", "DejaVuSansMono-BoldOblique"],
    };

    public static IReadOnlyList<string> Names { get; } = [.. Families.Values.SelectMany(f => f)];

    /// <summary>
    /// The face of <paramref name="font"/>'s family with the weight and slant asked for; where one is not asked for,
    /// the font's own. Null when the font is not shipped.
    /// </summary>
    public static string? Resolve(string font, bool? bold, bool? italic)
    {
        foreach (var faces in Families.Values)
        {
            var index = Array.IndexOf(faces, font);
            if (index >= 0)
            {
                var isBold = bold ?? (index & 1) == 1;
                var isItalic = italic ?? (index & 2) == 2;
                return faces[(isBold ? 1 : 0) + (isItalic ? 2 : 0)];
            }
        }

        return null;
    }
}
