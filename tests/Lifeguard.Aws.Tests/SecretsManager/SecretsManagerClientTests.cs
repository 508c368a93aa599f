using Lifeguard.Aws.SecretsManager;

namespace Lifeguard.Aws.Tests.SecretsManager;

[Trait("Category", "Integration")]
public sealed class SecretsManagerClientTests(MotoFixture moto) : IClassFixture<MotoFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => moto.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task GetSecretValueAsync_SecretCreatedByBoto3_ReturnsItsString()
    {
        await moto.Boto3Async("""client("secretsmanager").create_secret(Name="lifeguard/db/shop", SecretString='{"username":"admin","password":"s3cr3t"}'); out(None)""");

        var secret = await new SecretsManagerClient(moto.Configuration()).GetSecretValueAsync("lifeguard/db/shop", CancellationToken.None);

        Assert.Equal("""{"username":"admin","password":"s3cr3t"}""", secret.SecretString);
        Assert.Equal("lifeguard/db/shop", secret.Name);
        Assert.DoesNotContain("s3cr3t", secret.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetSecretValueAsync_MissingSecret_FailsWithResourceNotFound()
    {
        var ex = await Assert.ThrowsAsync<AwsApiException>(() => new SecretsManagerClient(moto.Configuration()).GetSecretValueAsync("absent", CancellationToken.None));

        Assert.Equal("ResourceNotFoundException", ex.ErrorCode);
    }
}
