namespace Lifeguard.Aws.SecretsManager;

public interface ISecretsManagerClient
{
    Task<SecretValue> GetSecretValueAsync(string secretId, CancellationToken cancellationToken);
}
