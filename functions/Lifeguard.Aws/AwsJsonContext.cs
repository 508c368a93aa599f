using System.Text.Json.Serialization;
using Lifeguard.Aws.SecretsManager;

namespace Lifeguard.Aws;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GetSecretValueRequest))]
[JsonSerializable(typeof(SecretValue))]
internal sealed partial class AwsJsonContext : JsonSerializerContext;
