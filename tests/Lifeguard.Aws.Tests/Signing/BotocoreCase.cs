using System.Text.Json.Serialization;

namespace Lifeguard.Aws.Tests.Signing;

public sealed record BotocoreCase(
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("secret")] string Secret,
    [property: JsonPropertyName("token")] string? Token,
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("params")] Dictionary<string, string> Params);
