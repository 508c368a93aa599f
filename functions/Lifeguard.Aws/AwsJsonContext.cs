using System.Text.Json.Serialization;
using Lifeguard.Aws.Credentials;

namespace Lifeguard.Aws;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ProcessCredentials))]
internal sealed partial class AwsJsonContext : JsonSerializerContext;
