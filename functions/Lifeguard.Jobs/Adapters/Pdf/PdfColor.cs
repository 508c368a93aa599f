using System.Text;
using Lifeguard.Jobs.Domain;

namespace Lifeguard.Jobs.Adapters.Pdf;

/// <summary>A fill or stroke colour: RGB, or CMYK inks that go to the printer as they are.</summary>
public sealed class PdfColor
{
    private readonly IReadOnlyList<double> _components;

    private PdfColor(IReadOnlyList<double> components) => _components = components;

    public static PdfColor Black { get; } = new([0, 0, 0]);

    /// <summary>Black ink alone, as print wants text and thin lines (not four inks that must register).</summary>
    public static PdfColor Key { get; } = new([0, 0, 0, 1]);

    /// <summary>"#rrggbb" or "device-cmyk(…)" (<see cref="TemplateColour"/>), or null when <paramref name="text"/> is neither.</summary>
    public static PdfColor? Parse(string? text) => TemplateColour.Components(text) is { } components ? new PdfColor(components) : null;

    internal void AppendFill(StringBuilder content) => Append(content, _components.Count == 4 ? "k" : "rg");

    internal void AppendStroke(StringBuilder content) => Append(content, _components.Count == 4 ? "K" : "RG");

    private void Append(StringBuilder content, string op) =>
        content.Append(string.Join(' ', _components.Select(PdfDocument.Number))).Append(' ').Append(op).Append(' ');
}
