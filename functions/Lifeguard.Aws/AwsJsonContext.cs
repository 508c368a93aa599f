using System.Text.Json.Serialization;
using Lifeguard.Aws.Credentials;
using Lifeguard.Aws.SecretsManager;
using Lifeguard.Aws.Ssm;

namespace Lifeguard.Aws;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ProcessCredentials))]
[JsonSerializable(typeof(GetSecretValueRequest))]
[JsonSerializable(typeof(SecretValue))]
[JsonSerializable(typeof(SendCommandRequest))]
[JsonSerializable(typeof(SendCommandResponse))]
[JsonSerializable(typeof(GetCommandInvocationRequest))]
[JsonSerializable(typeof(CommandInvocation))]
internal sealed partial class AwsJsonContext : JsonSerializerContext;
