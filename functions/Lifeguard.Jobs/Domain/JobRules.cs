using System.Text.RegularExpressions;

namespace Lifeguard.Jobs.Domain;

/// <summary>What makes a job valid, and where its outputs go. Every problem names its field.</summary>
public static partial class JobRules
{
    public const int MaxDimension = 10_000;

    public const int MaxOutputs = 20;

    /// <summary>All of a job's output boxes together (width x height, a missing side counted as the given one).</summary>
    public const long MaxOutputPixels = 100_000_000;

    public const int MaxTimeoutSeconds = 900;

    public static readonly IReadOnlyDictionary<string, string> Extensions = new Dictionary<string, string>
    {
        ["jpeg"] = "jpg", ["png"] = "png", ["webp"] = "webp", ["avif"] = "avif", ["gif"] = "gif", ["pdf"] = "pdf",
    };

    public static readonly IReadOnlyDictionary<string, string> ContentTypes = new Dictionary<string, string>
    {
        ["jpeg"] = "image/jpeg", ["png"] = "image/png", ["webp"] = "image/webp", ["avif"] = "image/avif", ["gif"] = "image/gif", ["pdf"] = "application/pdf",
    };

    public static IReadOnlyList<string> Validate(JobMessage job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var errors = new List<string>();
        if (job.Version != 1)
        {
            errors.Add($"version: {job.Version} is not a version this worker reads (1).");
        }

        if (!IdPattern().IsMatch(job.Id))
        {
            errors.Add($"id: '{job.Id}' must be 1-128 letters, digits, '.', '_' or '-' (it names the outputs).");
        }

        if (job.Type is not ("image.thumbnails" or "pdf.render"))
        {
            errors.Add($"type: '{job.Type}' must be image.thumbnails or pdf.render.");
        }

        if (job.TimeoutSeconds is < 1 or > MaxTimeoutSeconds)
        {
            errors.Add($"timeoutSeconds: {job.TimeoutSeconds} must be from 1 to {MaxTimeoutSeconds}.");
        }

        Location(job.Source.Bucket, job.Source.Key, "source", errors);
        Location(job.Output.Bucket, job.Output.Prefix.Length == 0 ? "x" : job.Output.Prefix, "output", errors);
        if (job.Type == "image.thumbnails")
        {
            ValidateImageOutputs(job.Outputs, errors);
        }

        return errors;
    }

    /// <summary>The deterministic key of one output: a redelivered job writes the same objects again.</summary>
    public static string OutputKey(JobMessage job, string name, string extension)
    {
        ArgumentNullException.ThrowIfNull(job);
        return $"{job.Output.Prefix}{job.Id}/{name}.{extension}";
    }

    private static void ValidateImageOutputs(IReadOnlyList<ImageOutputSpec> outputs, List<string> errors)
    {
        if (outputs.Count is 0 or > MaxOutputs)
        {
            errors.Add($"outputs: {outputs.Count} thumbnails; give 1 to {MaxOutputs}.");
        }

        var boxes = outputs.Sum(o => (long)(o.Width ?? o.Height ?? 0) * (o.Height ?? o.Width ?? 0));
        if (boxes > MaxOutputPixels)
        {
            errors.Add($"outputs: the boxes add up to {boxes:N0} pixels, over the limit of {MaxOutputPixels:N0} for one job (a missing side counts as the given one).");
        }

        for (var i = 0; i < outputs.Count; i++)
        {
            var output = outputs[i];
            var path = $"outputs[{i}]";
            if (!NamePattern().IsMatch(output.Name))
            {
                errors.Add($"{path}.name: '{output.Name}' must be 1-64 letters, digits, '_' or '-'.");
            }

            if (output.Width is null && output.Height is null)
            {
                errors.Add($"{path}: give a width, a height, or both.");
            }

            foreach (var (value, field) in new[] { (output.Width, "width"), (output.Height, "height") })
            {
                if (value is < 1 or > MaxDimension)
                {
                    errors.Add($"{path}.{field}: {value} must be from 1 to {MaxDimension}.");
                }
            }

            if (output.Fit is not ("cover" or "inside" or "contain" or "fill"))
            {
                errors.Add($"{path}.fit: '{output.Fit}' must be cover, inside, contain or fill.");
            }
            else if (output.Fit != "inside" && (output.Width is null || output.Height is null))
            {
                errors.Add($"{path}.fit: '{output.Fit}' needs both width and height.");
            }

            if (!Extensions.ContainsKey(output.Format) || output.Format == "pdf")
            {
                errors.Add($"{path}.format: '{output.Format}' must be jpeg, png, webp, avif or gif.");
            }

            if (output.Quality is < 1 or > 100)
            {
                errors.Add($"{path}.quality: {output.Quality} must be from 1 to 100.");
            }

            if (output.Position is not ("centre" or "attention" or "entropy"))
            {
                errors.Add($"{path}.position: '{output.Position}' must be centre, attention or entropy.");
            }
            else if (output.Position != "centre" && output.Fit != "cover")
            {
                errors.Add($"{path}.position: '{output.Position}' chooses what a cover crop keeps; it needs \"fit\": \"cover\".");
            }

            if (output.Background is { } background && !IsColour(background, alpha: output.Format is "png" or "webp" or "avif" or "gif"))
            {
                errors.Add($"{path}.background: '{background}' must be \"#rrggbb\"{(output.Format is "jpeg" ? "" : " or \"#rrggbbaa\"")}.");
            }

            var maxEffort = output.Format == "avif" ? 9 : 6;
            if (output.Effort is { } effort && (output.Format is not ("avif" or "webp") || effort is < 0 || effort > maxEffort))
            {
                errors.Add(output.Format is "avif" or "webp"
                    ? $"{path}.effort: {effort} must be from 0 to {maxEffort} for {output.Format}."
                    : $"{path}.effort: only avif and webp have an encoder effort.");
            }

            if (output.Lossless && output.Format != "webp")
            {
                errors.Add($"{path}.lossless: only webp is encoded lossless here (png always is).");
            }

            if (output.Progressive && output.Format is not ("jpeg" or "png"))
            {
                errors.Add($"{path}.progressive: only jpeg (progressive) and png (interlaced) have it.");
            }

            if (output.Animated && output.Format is not ("webp" or "gif"))
            {
                errors.Add($"{path}.animated: an animation can be written as webp or gif, not {output.Format}.");
            }
            else if (output.Animated && output.Fit is "cover" or "contain")
            {
                // libvips crops and pads the strip of frames as one image, not frame by frame.
                errors.Add($"{path}.animated: an animation is resized with fit inside or fill, not {output.Fit}.");
            }
        }

        foreach (var duplicate in outputs.GroupBy(o => o.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            errors.Add($"outputs[].name: '{duplicate.Key}' is used more than once.");
        }
    }

    /// <summary>"#rrggbb", or "#rrggbbaa" where alpha is allowed.</summary>
    public static bool IsColour(string text, bool alpha)
    {
        ArgumentNullException.ThrowIfNull(text);
        return (text.Length == 7 || (alpha && text.Length == 9)) && text[0] == '#' && !text.AsSpan(1).ContainsAnyExcept(Hex);
    }

    private static readonly System.Buffers.SearchValues<char> Hex = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");

    private static void Location(string bucket, string key, string path, List<string> errors)
    {
        if (!BucketPattern().IsMatch(bucket))
        {
            errors.Add($"{path}.bucket: '{bucket}' is not an S3 bucket name.");
        }

        if (key.Length is 0 or > 900)
        {
            errors.Add($"{path}.{(path == "source" ? "key" : "prefix")}: must be 1-900 characters.");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")]
    private static partial Regex BucketPattern();
}
