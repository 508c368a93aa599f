using System.Globalization;
using System.Text;

namespace Lifeguard.Jobs.Adapters.Pdf;

public sealed record PdfColor(double Red, double Green, double Blue)
{
    public static PdfColor Black { get; } = new(0, 0, 0);

    /// <summary>"#rrggbb", or null when <paramref name="text"/> is not one.</summary>
    public static PdfColor? Parse(string? text) =>
        text is { Length: 7 } && text[0] == '#' && int.TryParse(text.AsSpan(1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var rgb)
            ? new PdfColor(((rgb >> 16) & 0xFF) / 255.0, ((rgb >> 8) & 0xFF) / 255.0, (rgb & 0xFF) / 255.0)
            : null;

    internal void AppendFill(StringBuilder content) => content.Append(CultureInfo.InvariantCulture, $"{PdfDocument.Number(Red)} {PdfDocument.Number(Green)} {PdfDocument.Number(Blue)} rg ");

    internal void AppendStroke(StringBuilder content) => content.Append(CultureInfo.InvariantCulture, $"{PdfDocument.Number(Red)} {PdfDocument.Number(Green)} {PdfDocument.Number(Blue)} RG ");
}
