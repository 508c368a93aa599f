using System.Text.Json.Serialization;
using Lifeguard.Failover.Configuration;

namespace Lifeguard.Failover;

[JsonSourceGenerationOptions(
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(FailoverEvent))]
[JsonSerializable(typeof(FailoverReport))]
[JsonSerializable(typeof(IReadOnlyList<FailoverGroup>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>))]
public sealed partial class FailoverJsonContext : JsonSerializerContext;
