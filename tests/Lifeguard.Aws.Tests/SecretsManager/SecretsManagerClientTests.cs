using Lifeguard.TestSupport;
using Lifeguard.Aws.SecretsManager;

namespace Lifeguard.Aws.Tests.SecretsManager;

[Trait("Category", "Integration")]
public sealed class SecretsManagerClientTests(MotoFixture moto) : MotoTest(moto)
{
    [Fact]
    public async Task GetSecretValueAsync_SecretCreatedByBoto3_ReturnsItsString()
    {
        await Moto.Boto3Async("""client("secretsmanager").create_secret(Name="lifeguard/db/shop", SecretString='{"username":"admin","password":"s3cr3t"}'); out(None)""");

        var secret = await new SecretsManagerClient(Moto.Configuration()).GetSecretValueAsync("lifeguard/db/shop", CancellationToken.None);

        Assert.Equal("""{"username":"admin","password":"s3cr3t"}""", secret.SecretString);
        Assert.Equal("lifeguard/db/shop", secret.Name);
        Assert.DoesNotContain("s3cr3t", secret.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetSecretValueAsync_MissingSecret_FailsWithResourceNotFound()
    {
        var ex = await Assert.ThrowsAsync<AwsApiException>(() => new SecretsManagerClient(Moto.Configuration()).GetSecretValueAsync("absent", CancellationToken.None));

        Assert.Equal("ResourceNotFoundException", ex.ErrorCode);
    }
}
