using System.Text.RegularExpressions;

namespace Lifeguard.Jobs.Domain;

/// <summary>What makes a job valid, and where its outputs go. Every problem names its field.</summary>
public static partial class JobRules
{
    public const int MaxDimension = 10_000;

    public static readonly IReadOnlyDictionary<string, string> Extensions = new Dictionary<string, string>
    {
        ["jpeg"] = "jpg", ["png"] = "png", ["webp"] = "webp", ["avif"] = "avif",
    };

    public static readonly IReadOnlyDictionary<string, string> ContentTypes = new Dictionary<string, string>
    {
        ["jpeg"] = "image/jpeg", ["png"] = "image/png", ["webp"] = "image/webp", ["avif"] = "image/avif",
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
        if (outputs.Count is 0 or > 20)
        {
            errors.Add($"outputs: {outputs.Count} thumbnails; give 1 to 20.");
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

            if (output.Fit is not ("cover" or "inside" or "fill"))
            {
                errors.Add($"{path}.fit: '{output.Fit}' must be cover, inside or fill.");
            }
            else if (output.Fit != "inside" && (output.Width is null || output.Height is null))
            {
                errors.Add($"{path}.fit: '{output.Fit}' needs both width and height.");
            }

            if (!Extensions.ContainsKey(output.Format))
            {
                errors.Add($"{path}.format: '{output.Format}' must be jpeg, png, webp or avif.");
            }

            if (output.Quality is < 1 or > 100)
            {
                errors.Add($"{path}.quality: {output.Quality} must be from 1 to 100.");
            }
        }

        foreach (var duplicate in outputs.GroupBy(o => o.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            errors.Add($"outputs[].name: '{duplicate.Key}' is used more than once.");
        }
    }

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
