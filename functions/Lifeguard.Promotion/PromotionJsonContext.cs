using System.Text.Json.Serialization;
using Lifeguard.Promotion.Configuration;

namespace Lifeguard.Promotion;

[JsonSourceGenerationOptions(
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(PromotionEvent))]
[JsonSerializable(typeof(PromotionReport))]
[JsonSerializable(typeof(IReadOnlyList<ClusterConfig>))]
public sealed partial class PromotionJsonContext : JsonSerializerContext;
