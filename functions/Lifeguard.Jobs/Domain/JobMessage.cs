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
/// cover (fill the box, cropping the centre), inside (keep the aspect ratio within the box; the default), fill
/// (stretch to the box).
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
}
