using System.Text.Json.Serialization;

namespace Lifeguard.Aws.Tests.Sns;

[JsonSerializable(typeof(Dictionary<string, string>))]
public sealed partial class SnsTestJsonContext : JsonSerializerContext;
