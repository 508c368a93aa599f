using System.Text.Json.Serialization;

namespace Lifeguard.Runtime.EchoFunction;

[JsonSourceGenerationOptions(RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(EchoEvent))]
[JsonSerializable(typeof(EchoResult))]
public sealed partial class EchoJsonContext : JsonSerializerContext;
