using System.Text.Json;
using System.Text.Json.Serialization;
using Lifeguard.Runtime.Events;
using Lifeguard.Runtime.Hosting;

namespace Lifeguard.Runtime;

/// <summary>
/// Source-generated JSON metadata for the generic AWS events. Every capability's own context sets the same
/// options: nullable annotations and required members are enforced, so a wrong-shaped event is an error.
/// Beware: generated deserialization assigns every init-only property, an absent one to default(T), which silently
/// drops an initializer. Optional members with a default are written `{ get; init => field = value ?? []; } = [];`
/// (or, for value types, with a setter).
/// </summary>
[JsonSourceGenerationOptions(
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ErrorReport))]
[JsonSerializable(typeof(EventBridgeEvent<JsonElement>))]
[JsonSerializable(typeof(EventBridgeEvent<AlarmData>))]
[JsonSerializable(typeof(CloudWatchAlarmEvent))]
[JsonSerializable(typeof(SqsEvent))]
[JsonSerializable(typeof(SqsBatchResponse))]
public sealed partial class RuntimeJsonContext : JsonSerializerContext;
