namespace Lifeguard.Jobs.Domain;

/// <summary>What makes a template valid; every problem names its field (pages[0].elements[2].font: …).</summary>
public static class PdfTemplateRules
{
    public static IReadOnlyList<string> Validate(PdfTemplate template, IReadOnlyCollection<string> fonts)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(fonts);
        var errors = new List<string>();
        if (template.Version != 1)
        {
            errors.Add($"version: {template.Version} is not a template version this worker reads (1).");
        }

        if (template.Pages.Count is 0 or > 500)
        {
            errors.Add($"pages: {template.Pages.Count} pages; give 1 to 500.");
        }

        for (var p = 0; p < template.Pages.Count; p++)
        {
            var page = template.Pages[p];
            if (page.Width is < 3 or > 14_400 || page.Height is < 3 or > 14_400)
            {
                errors.Add($"pages[{p}]: {page.Width} x {page.Height} points; each side must be from 3 to 14400.");
            }

            for (var e = 0; e < page.Elements.Count; e++)
            {
                Element(page.Elements[e], $"pages[{p}].elements[{e}]", fonts, errors);
            }
        }

        return errors;
    }

    private static void Element(PdfElement element, string path, IReadOnlyCollection<string> fonts, List<string> errors)
    {
        if (element.Type is not ("text" or "rect" or "line" or "image"))
        {
            errors.Add($"{path}.type: '{element.Type}' must be text, rect, line or image.");
            return;
        }

        if (element.Type != "line" && (element.Width <= 0 || element.Height <= 0))
        {
            errors.Add($"{path}: a {element.Type} needs a positive width and height.");
        }

        if (element.LineWidth is < 0 or > 100)
        {
            errors.Add($"{path}.lineWidth: {element.LineWidth} must be from 0 to 100.");
        }

        foreach (var (value, field) in new[] { (element.Color, "color"), (element.Fill, "fill"), (element.Stroke, "stroke") })
        {
            if (value is not null && !IsColor(value))
            {
                errors.Add($"{path}.{field}: '{value}' is not a colour such as \"#336699\".");
            }
        }

        switch (element.Type)
        {
            case "text":
                if (element.Text is null)
                {
                    errors.Add($"{path}.text: a text element needs its text.");
                }

                if (!fonts.Contains(element.Font))
                {
                    errors.Add($"{path}.font: '{element.Font}' is not one of {string.Join(", ", fonts)}.");
                }

                if (element.Size is < 1 or > 500)
                {
                    errors.Add($"{path}.size: {element.Size} must be from 1 to 500 points.");
                }

                if (element.Align is not ("left" or "center" or "right"))
                {
                    errors.Add($"{path}.align: '{element.Align}' must be left, center or right.");
                }

                break;
            case "image" when string.IsNullOrEmpty(element.Key):
                errors.Add($"{path}.key: an image element needs the S3 key of its image.");
                break;
            case "rect" when element.Fill is null && element.Stroke is null:
                errors.Add($"{path}: a rect needs a fill, a stroke, or both.");
                break;
        }
    }

    private static readonly System.Buffers.SearchValues<char> Hex = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");

    private static bool IsColor(string text) => text.Length == 7 && text[0] == '#' && !text.AsSpan(1).ContainsAnyExcept(Hex);
}
