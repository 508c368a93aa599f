using Lifeguard.Aws.Endpoints;
using Lifeguard.Aws.Http;
using Lifeguard.Aws.Protocols;

namespace Lifeguard.Aws.SecretsManager;

/// <summary>Secrets Manager over json 1.1.</summary>
public sealed class SecretsManagerClient(AwsConfiguration configuration) : ISecretsManagerClient
{
    private readonly JsonProtocol _json = new(new AwsTransport(configuration, AwsService.SecretsManager), "secretsmanager");

    public Task<SecretValue> GetSecretValueAsync(string secretId, CancellationToken cancellationToken) =>
        _json.CallAsync("GetSecretValue", new GetSecretValueRequest(secretId), AwsJsonContext.Default.GetSecretValueRequest, AwsJsonContext.Default.SecretValue, Idempotency.Idempotent, cancellationToken);
}
