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

    public const int MaxRuns = 1_000;

    public const double MaxBleed = 72;

    public const int MaxLinkLength = 2_000;

    public static IReadOnlyList<string> Validate(PdfTemplate template, IReadOnlyCollection<string> fonts)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(fonts);
        var errors = new List<string>();
        if (template.Version != 1)
        {
            errors.Add($"version: {template.Version} is not a template version this worker reads (1).");
        }

        if (template.Bleed is < 0 or > MaxBleed || double.IsNaN(template.Bleed))
        {
            errors.Add($"bleed: {template.Bleed} must be from 0 to {MaxBleed} points (3 mm is about 9).");
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

        Colour(element.Color, $"{path}.color", errors);
        Colour(element.Fill, $"{path}.fill", errors);
        Colour(element.Stroke, $"{path}.stroke", errors);
        string[]? fits = element.Type switch { "text" => ["none", "shrink"], "image" => ["fill", "contain", "cover"], _ => null };
        if (element.Fit is { } fit && !(fits?.Contains(fit) ?? false))
        {
            errors.Add(fits is null ? $"{path}.fit: a {element.Type} has no fit." : $"{path}.fit: '{fit}' must be {string.Join(", ", fits)}.");
        }

        if (element.Link is { } link && !IsLink(link))
        {
            errors.Add($"{path}.link: '{Shorten(link)}' must be an http, https or mailto address of at most {MaxLinkLength} characters, spaces and other characters percent-encoded.");
        }

        switch (element.Type)
        {
            case "text":
                Text(element, path, fonts, errors);
                break;
            case "image" when string.IsNullOrEmpty(element.Key):
                errors.Add($"{path}.key: an image element needs the S3 key of its image.");
                break;
            case "rect" when element.Fill is null && element.Stroke is null:
                errors.Add($"{path}: a rect needs a fill, a stroke, or both.");
                break;
        }
    }

    private static void Text(PdfElement element, string path, IReadOnlyCollection<string> fonts, List<string> errors)
    {
        if ((element.Text is null) == (element.Runs is null))
        {
            errors.Add($"{path}.text: a text element needs its text, or its runs, not both.");
        }

        Font(element.Font, $"{path}.font", fonts, errors);
        Size(element.Size, $"{path}.size", errors);
        var length = element.Text?.Length ?? element.Runs?.Sum(r => r.Text?.Length ?? 0) ?? 0;
        if (length > MaxTextLength)
        {
            errors.Add($"{path}.text: {length:N0} characters, over the limit of {MaxTextLength:N0}.");
        }

        if (element.LineHeight is < 0.5 or > 5 || double.IsNaN(element.LineHeight))
        {
            errors.Add($"{path}.lineHeight: {element.LineHeight} must be from 0.5 to 5 (a multiple of the size).");
        }

        if (element.Align is not ("left" or "center" or "right"))
        {
            errors.Add($"{path}.align: '{element.Align}' must be left, center or right.");
        }

        var smallest = element.Runs is { Count: > 0 } pieces ? pieces.Min(r => r.Size ?? element.Size) : element.Size;
        if (element.Fit == "shrink" && (element.MinSize < 1 || element.MinSize > smallest || double.IsNaN(element.MinSize)))
        {
            errors.Add($"{path}.minSize: {element.MinSize} must be from 1 to the smallest size of its text ({smallest}); shrinking scales every run alike.");
        }

        if (element.Runs is not { } runs)
        {
            return;
        }

        if (runs.Count is 0 or > MaxRuns)
        {
            errors.Add($"{path}.runs: {runs.Count} runs; give 1 to {MaxRuns}.");
        }

        for (var r = 0; r < runs.Count && r < MaxRuns; r++)
        {
            var run = runs[r];
            var at = $"{path}.runs[{r}]";
            if (run.Text is null)
            {
                errors.Add($"{at}.text: a run needs its text.");
            }

            if (run.Font is { } font)
            {
                Font(font, $"{at}.font", fonts, errors);
            }

            if (run.Size is { } size)
            {
                Size(size, $"{at}.size", errors);
            }

            Colour(run.Color, $"{at}.color", errors);
        }
    }

    private static void Font(string font, string path, IReadOnlyCollection<string> fonts, List<string> errors)
    {
        if (!fonts.Contains(font))
        {
            errors.Add($"{path}: '{font}' is not one of {string.Join(", ", fonts)}.");
        }
    }

    private static void Size(double size, string path, List<string> errors)
    {
        if (size is < 1 or > 500 || double.IsNaN(size))
        {
            errors.Add($"{path}: {size} must be from 1 to 500 points.");
        }
    }

    private static void Colour(string? value, string path, List<string> errors)
    {
        if (value is not null && TemplateColour.Components(value) is null)
        {
            errors.Add($"{path}: '{Shorten(value)}' is not a colour such as \"#336699\" or \"device-cmyk(0% 80% 80% 30%)\".");
        }
    }

    /// <summary>An absolute http, https or mailto address in printable ASCII, which goes into the PDF as it is.</summary>
    private static bool IsLink(string link) =>
        link.Length <= MaxLinkLength
        && link.All(c => c is > ' ' and < '\u007f')
        && Uri.TryCreate(link, UriKind.Absolute, out var uri)
        && uri.Scheme is "http" or "https" or "mailto";

    private static string Shorten(string text) => text.Length > 80 ? text[..80] + "…" : text;
}
