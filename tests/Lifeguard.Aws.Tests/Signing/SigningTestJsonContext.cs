using System.Text.Json.Serialization;

namespace Lifeguard.Aws.Tests.Signing;

[JsonSerializable(typeof(BotocoreCase[]))]
[JsonSerializable(typeof(string[]))]
public sealed partial class SigningTestJsonContext : JsonSerializerContext;
