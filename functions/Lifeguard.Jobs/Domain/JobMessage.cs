using System.Text.Json.Serialization;

namespace Lifeguard.Jobs.Domain;

/// <summary>
/// A job on the queue, version 1:
/// <c>{"version":1,"id":"entry-42","type":"image.thumbnails","source":{"bucket":"uploads","key":"entries/42.jpg"},
/// "outputs":[{"name":"small","width":200,"height":200,"fit":"cover","format":"webp","quality":80}],
/// "output":{"bucket":"results","prefix":"thumbnails/"},"notify":true}</c>.
/// Outputs land at <c>{prefix}{id}/{name}.{extension}</c>, so a redelivered job rewrites the same objects.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record JobMessage
{
    [JsonPropertyName("version")] public int Version { get; set; } = 1;

    [JsonPropertyName("id")] public required string Id { get; init; }

    /// <summary>image.thumbnails or pdf.render.</summary>
    [JsonPropertyName("type")] public required string Type { get; init; }

    [JsonPropertyName("source")] public required S3Location Source { get; init; }

    /// <summary>image.thumbnails: the thumbnails to make.</summary>
    [JsonPropertyName("outputs")] public IReadOnlyList<ImageOutputSpec> Outputs { get; init => field = value ?? []; } = [];

    [JsonPropertyName("output")] public required OutputLocation Output { get; init; }

    /// <summary>Publish the job's status (succeeded or failed) to the status topic.</summary>
    [JsonPropertyName("notify")] public bool Notify { get; set; } = true;

    /// <summary>Do the work and report what would be written, but write nothing to S3 and publish nothing.</summary>
    [JsonPropertyName("dryRun")] public bool DryRun { get; set; }

    /// <summary>The job's own time limit (1 to 900 s); null takes the worker's default.</summary>
    [JsonPropertyName("timeoutSeconds")] public int? TimeoutSeconds { get; set; }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record S3Location
{
    [JsonPropertyName("bucket")] public required string Bucket { get; init; }

    [JsonPropertyName("key")] public required string Key { get; init; }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record OutputLocation
{
    [JsonPropertyName("bucket")] public required string Bucket { get; init; }

    [JsonPropertyName("prefix")] public string Prefix { get; init => field = value ?? string.Empty; } = string.Empty;
}

/// <param name="Fit">
/// cover (fill the box, cropping what does not fit, see <see cref="Position"/>), inside (keep the aspect ratio within the
/// box; the default), contain (inside, then padded to the whole box with <see cref="Background"/>), fill (stretch to
/// the box).
/// </param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ImageOutputSpec
{
    [JsonPropertyName("name")] public required string Name { get; init; }

    [JsonPropertyName("width")] public int? Width { get; init; }

    [JsonPropertyName("height")] public int? Height { get; init; }

    [JsonPropertyName("fit")] public string Fit { get; init => field = value ?? "inside"; } = "inside";

    /// <summary>jpeg, png, webp or avif.</summary>
    [JsonPropertyName("format")] public string Format { get; init => field = value ?? "jpeg"; } = "jpeg";

    /// <summary>1-100, for jpeg, webp and avif.</summary>
    [JsonPropertyName("quality")] public int Quality { get; set; } = 80;

    /// <summary>Make images larger than the source when the box is larger; off by default.</summary>
    [JsonPropertyName("enlarge")] public bool Enlarge { get; set; }

    /// <summary>cover: which part is kept: centre (the default), attention (the most eye-catching part) or entropy (the busiest).</summary>
    [JsonPropertyName("position")] public string Position { get; init => field = value ?? "centre"; } = "centre";

    /// <summary>contain, and JPEG of a source with transparency: "#rrggbb" (white by default), or "#rrggbbaa" for formats with alpha.</summary>
    [JsonPropertyName("background")] public string? Background { get; init; }

    /// <summary>
    /// Keep the source's ICC profile and its colour numbers as they are (for colour-managed viewers); by default a
    /// tagged source is converted to sRGB and the profile dropped, so every browser shows the same colours.
    /// </summary>
    [JsonPropertyName("keepProfile")] public bool KeepProfile { get; set; }

    /// <summary>jpeg: progressive (interlaced) encoding; png: interlaced.</summary>
    [JsonPropertyName("progressive")] public bool Progressive { get; set; }

    /// <summary>webp: lossless (quality is then ignored).</summary>
    [JsonPropertyName("lossless")] public bool Lossless { get; set; }

    /// <summary>avif and webp: encoder effort, 0 (fastest) to 9 for avif, 0 to 6 for webp; null takes 4.</summary>
    [JsonPropertyName("effort")] public int? Effort { get; set; }

    /// <summary>
    /// gif and webp sources with several frames: keep them animated (as webp or gif output) up to the worker's frame
    /// limit; off by default (the first frame only).
    /// </summary>
    [JsonPropertyName("animated")] public bool Animated { get; set; }
}
