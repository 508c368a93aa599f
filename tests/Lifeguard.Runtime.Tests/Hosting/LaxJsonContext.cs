using System.Text.Json.Serialization;

namespace Lifeguard.Runtime.Tests.Hosting;

[JsonSerializable(typeof(EchoEvent))]
public sealed partial class LaxJsonContext : JsonSerializerContext;
