using System.Text.Json;
using Lifeguard.Cdk.Configuration;
using Lifeguard.Promotion.Configuration;
using Lifeguard.TestSupport;

namespace Lifeguard.Cdk.Tests.Configuration;

[Trait("Category", "Integration")]
public sealed class DeploymentChecksTests(MotoFixture moto) : MotoTest(moto)
{
    [Fact]
    public async Task RunAsync_SecretMissingAField_FailsNamingTheClusterFieldAndTheMissingKey()
    {
        await PutSecretsAsync("""{"lifeguard/shop-db": {"username": "lifeguard", "password": "p", "replicationUsername": "repl"}}""");
        var log = new StringWriter();

        var ex = await Assert.ThrowsAsync<ConfigurationException>(() => DeploymentChecks.RunAsync(Config("lifeguard/shop-db"), log, Environment, Moto.Http));

        Assert.Equal("the promotion secrets would not work:\n  promotion.clusters[0].secretId: secret lifeguard/shop-db: 'replicationPassword' is missing or empty "
            + "(the secret needs username, password, replicationUsername and replicationPassword). Cluster 'shop' could not be promoted with it.", ex.Message);
        Assert.DoesNotContain("\"p\"", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_SecretDoesNotExist_FailsNamingIt()
    {
        var ex = await Assert.ThrowsAsync<ConfigurationException>(() => DeploymentChecks.RunAsync(Config("lifeguard/nowhere"), new StringWriter(), Environment, Moto.Http));

        Assert.Contains("promotion.clusters[0].secretId: secret 'lifeguard/nowhere' does not exist in us-east-1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_CompleteSecret_PassesAndSaysSo()
    {
        await PutSecretsAsync("""{"lifeguard/shop-db": {"username": "lifeguard", "password": "p", "replicationUsername": "repl", "replicationPassword": "r"}}""");
        var log = new StringWriter();

        await DeploymentChecks.RunAsync(Config("lifeguard/shop-db"), log, Environment, Moto.Http);

        Assert.Equal("promotion.clusters[0].secretId: secret lifeguard/shop-db holds every field the promotion reads.", log.ToString().Trim());
    }

    [Fact]
    public async Task RunAsync_NoCredentials_SkipsAndSaysSoWithoutCallingAws()
    {
        var log = new StringWriter();
        var home = Directory.CreateTempSubdirectory("lifeguard-home-");
        try
        {
            // No keys, no profile, no shared files: nothing is asked of the network (not even the instance metadata).
            await DeploymentChecks.RunAsync(Config("lifeguard/shop-db"), log, name => name == "HOME" ? home.FullName : null, Moto.Http);
        }
        finally
        {
            home.Delete(recursive: true);
        }

        Assert.Equal("promotion secrets not checked: no AWS credentials in the environment or a profile (offline synth).", log.ToString().Trim());
    }

    private string? Environment(string name) => Moto.AwsEnvironment().TryGetValue(name, out var value) ? value : null;

    private Task<JsonElement> PutSecretsAsync(string secrets) => Moto.Boto3Async($$"""
        for name, value in json.loads('{{secrets}}').items():
            client("secretsmanager").create_secret(Name=name, SecretString=json.dumps(value))
        out({})
        """);

    private static LifeguardConfig Config(string secretId) => new()
    {
        StackName = "Lifeguard",
        Promotion = new PromotionConfig
        {
            Enabled = true,
            Clusters =
            [
                new ClusterConfig
                {
                    Name = "shop",
                    Record = new() { HostedZoneId = "Z0123456789EXAMPLE", Name = "db-master.example.com" },
                    Master = new() { Name = "db1", Host = "10.0.1.10" },
                    Replicas = [new() { Name = "db2", Host = "10.0.2.10" }],
                    SecretId = secretId,
                },
            ],
        },
    };
}
