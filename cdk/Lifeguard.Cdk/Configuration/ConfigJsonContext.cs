using System.Text.Json.Serialization;

namespace Lifeguard.Cdk.Configuration;

/// <summary>Unknown fields are errors: a misspelt setting must not silently fall back to its default.</summary>
[JsonSourceGenerationOptions(
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(LifeguardConfig))]
internal sealed partial class ConfigJsonContext : JsonSerializerContext;
