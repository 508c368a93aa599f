namespace Lifeguard.Jobs.Domain;

/// <summary>What makes a template valid; every problem names its field (pages[0].elements[2].font: …).</summary>
public static class PdfTemplateRules
{
    public const int MaxPages = 500;

    public const int MaxElementsPerPage = 1_000;

    public const int MaxElements = 20_000;

    /// <summary>Distinct images (bucket and key); each is read and embedded once however often it is placed.</summary>
    public const int MaxImages = 100;

    public const int MaxTextLength = 20_000;

    public static IReadOnlyList<string> Validate(PdfTemplate template, IReadOnlyCollection<string> fonts)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(fonts);
        var errors = new List<string>();
        if (template.Version != 1)
        {
            errors.Add($"version: {template.Version} is not a template version this worker reads (1).");
        }

        if (template.Pages.Count is 0 or > MaxPages)
        {
            errors.Add($"pages: {template.Pages.Count} pages; give 1 to {MaxPages}.");
        }

        var elements = template.Pages.Sum(p => p.Elements.Count);
        if (elements > MaxElements)
        {
            errors.Add($"pages[].elements: {elements:N0} elements in all, over the limit of {MaxElements:N0}.");
        }

        var images = template.Pages.SelectMany(p => p.Elements).Where(e => e.Type == "image").Select(e => (e.Bucket, e.Key)).Distinct().Count();
        if (images > MaxImages)
        {
            errors.Add($"pages[].elements: {images} distinct images (bucket and key), over the limit of {MaxImages}; an image placed many times counts once.");
        }

        for (var p = 0; p < template.Pages.Count; p++)
        {
            var page = template.Pages[p];
            if (page.Width is < 3 or > 14_400 || page.Height is < 3 or > 14_400)
            {
                errors.Add($"pages[{p}]: {page.Width} x {page.Height} points; each side must be from 3 to 14400.");
            }

            if (page.Elements.Count > MaxElementsPerPage)
            {
                errors.Add($"pages[{p}].elements: {page.Elements.Count:N0} elements, over the limit of {MaxElementsPerPage:N0} per page.");
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
            if (value is not null && !JobRules.IsColour(value, alpha: false))
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

                if (element.Text is { Length: > MaxTextLength })
                {
                    errors.Add($"{path}.text: {element.Text.Length:N0} characters, over the limit of {MaxTextLength:N0}.");
                }

                if (element.LineHeight is < 0.5 or > 5 || double.IsNaN(element.LineHeight))
                {
                    errors.Add($"{path}.lineHeight: {element.LineHeight} must be from 0.5 to 5 (a multiple of the size).");
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
}
