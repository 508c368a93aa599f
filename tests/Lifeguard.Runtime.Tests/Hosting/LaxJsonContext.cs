using System.Text.Json.Serialization;

using Lifeguard.Runtime.EchoFunction;

namespace Lifeguard.Runtime.Tests.Hosting;

[JsonSerializable(typeof(EchoEvent))]
public sealed partial class LaxJsonContext : JsonSerializerContext;
