using System.Text.Json.Serialization;

namespace Lifeguard.Jobs.Domain;

/// <summary>
/// A PDF template, version 1 (events/jobs/flyer-template.json is an example): pages of any size in points, each with
/// elements drawn in order, positions from the page's top-left corner.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PdfTemplate
{
    [JsonPropertyName("version")] public int Version { get; set; } = 1;

    /// <summary>
    /// Points of artwork kept beyond every page's trim edge (0 to 72; printers ask for about 9, that is 3 mm). Elements
    /// may reach into it with negative or outsized coordinates; the page gets a TrimBox and a BleedBox.
    /// </summary>
    [JsonPropertyName("bleed")] public double Bleed { get; set; }

    /// <summary>Crop marks at each corner, outside the bleed, in registration colour (all four inks).</summary>
    [JsonPropertyName("cropMarks")] public bool CropMarks { get; set; }

    [JsonPropertyName("pages")] public required IReadOnlyList<PdfTemplatePage> Pages { get; init; }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PdfTemplatePage
{
    /// <summary>Points (1/72 inch); A4 is 595 x 842.</summary>
    [JsonPropertyName("width")] public double Width { get; set; } = 595;

    [JsonPropertyName("height")] public double Height { get; set; } = 842;

    [JsonPropertyName("elements")] public IReadOnlyList<PdfElement> Elements { get; init => field = value ?? []; } = [];
}

/// <summary>
/// One of: text (x, y, width, height, text or runs, font, size, align, color, lineHeight, fit, minSize), rect (x, y,
/// width, height, fill, stroke, lineWidth), line (x, y, x2, y2, color, lineWidth), image (x, y, width, height, key and
/// optionally bucket, fit). Any of them may carry a link.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PdfElement
{
    [JsonPropertyName("type")] public required string Type { get; init; }

    [JsonPropertyName("x")] public double X { get; set; }

    [JsonPropertyName("y")] public double Y { get; set; }

    [JsonPropertyName("width")] public double Width { get; set; }

    [JsonPropertyName("height")] public double Height { get; set; }

    [JsonPropertyName("x2")] public double X2 { get; set; }

    [JsonPropertyName("y2")] public double Y2 { get; set; }

    [JsonPropertyName("text")] public string? Text { get; init; }

    /// <summary>Styled pieces of one paragraph, instead of <see cref="Text"/>; each takes the element's style where it gives none.</summary>
    [JsonPropertyName("runs")] public IReadOnlyList<PdfTextRun>? Runs { get; init; }

    /// <summary>A face of DejaVuSans (default), DejaVuSerif or DejaVuSansMono (see <see cref="FontFaces"/>).</summary>
    [JsonPropertyName("font")] public string Font { get; init => field = value ?? "DejaVuSans"; } = "DejaVuSans";

    [JsonPropertyName("size")] public double Size { get; set; } = 12;

    /// <summary>left, center or right.</summary>
    [JsonPropertyName("align")] public string Align { get; init => field = value ?? "left"; } = "left";

    /// <summary>Line spacing as a multiple of the size.</summary>
    [JsonPropertyName("lineHeight")] public double LineHeight { get; set; } = 1.2;

    /// <summary>text: "none" (text that does not fit fails the job) or "shrink" (every size scaled down until it fits, not
    /// below <see cref="MinSize"/>). image: "fill" (stretched to the box), "contain" or "cover" (clipped to the box).</summary>
    [JsonPropertyName("fit")] public string? Fit { get; init; }

    /// <summary>The smallest size "shrink" may give the smallest run, in points.</summary>
    [JsonPropertyName("minSize")] public double MinSize { get; set; } = 6;

    /// <summary>A web or mail address (http, https or mailto) the element's box opens when clicked.</summary>
    [JsonPropertyName("link")] public string? Link { get; init; }

    /// <summary>"#rrggbb" or "device-cmyk(c m y k)": text and line colour.</summary>
    [JsonPropertyName("color")] public string Color { get; init => field = value ?? "#000000"; } = "#000000";

    [JsonPropertyName("fill")] public string? Fill { get; init; }

    [JsonPropertyName("stroke")] public string? Stroke { get; init; }

    [JsonPropertyName("lineWidth")] public double LineWidth { get; set; } = 1;

    /// <summary>image: the S3 object, in the job's source bucket unless <see cref="Bucket"/> says otherwise.</summary>
    [JsonPropertyName("key")] public string? Key { get; init; }

    [JsonPropertyName("bucket")] public string? Bucket { get; init; }
}

/// <summary>One styled piece of a paragraph.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PdfTextRun
{
    [JsonPropertyName("text")] public string? Text { get; init; }

    [JsonPropertyName("font")] public string? Font { get; init; }

    [JsonPropertyName("bold")] public bool? Bold { get; init; }

    [JsonPropertyName("italic")] public bool? Italic { get; init; }

    [JsonPropertyName("size")] public double? Size { get; init; }

    [JsonPropertyName("color")] public string? Color { get; init; }
}
