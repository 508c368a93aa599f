using System.Text.Json.Serialization;

namespace Lifeguard.Aws.Tests.S3;

[JsonSerializable(typeof(string))]
public sealed partial class S3TestJsonContext : JsonSerializerContext;
