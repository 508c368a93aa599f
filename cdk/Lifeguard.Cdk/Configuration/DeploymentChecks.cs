using Lifeguard.Aws;
using Lifeguard.Aws.SecretsManager;
using Lifeguard.Promotion.Adapters;

namespace Lifeguard.Cdk.Configuration;

/// <summary>
/// The checks at synth that need AWS: each promotion cluster's secret exists and holds the four fields the function
/// reads (a promotion that finds them missing fails at the worst moment). They run when credentials are at hand
/// without asking the network for them (keys in the environment, a profile, or shared config files); otherwise, as on
/// an offline synth or in CI, they say they were skipped. What cannot be checked (access denied to the deployer, AWS
/// not answering) is said, never taken as an error.
/// </summary>
public static class DeploymentChecks
{
    /// <summary>Each secret read is bounded by this, so a synth never hangs on an unreachable endpoint.</summary>
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(15);

    public static async Task RunAsync(LifeguardConfig config, TextWriter log, Func<string, string?>? environment = null, HttpClient? http = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(log);
        if (!config.Promotion.Enabled || config.Promotion.Clusters.Count == 0)
        {
            return;
        }

        environment ??= System.Environment.GetEnvironmentVariable;
        if (!HasCredentials(environment))
        {
            await log.WriteLineAsync("promotion secrets not checked: no AWS credentials in the environment or a profile (offline synth).").ConfigureAwait(false);
            return;
        }

        AwsConfiguration aws;
        try
        {
            aws = http is null ? AwsConfiguration.FromEnvironment(environment, TimeProvider.System) : AwsConfiguration.FromEnvironment(environment, http);
        }
        catch (AwsApiException ex)
        {
            await log.WriteLineAsync($"promotion secrets not checked: {ex.ErrorMessage}.").ConfigureAwait(false);
            return;
        }

        var region = config.Region ?? aws.Region;
        aws = aws with { Region = region };
        var secrets = new SecretsManagerClient(aws);
        var errors = new List<string>();
        for (var i = 0; i < config.Promotion.Clusters.Count; i++)
        {
            var cluster = config.Promotion.Clusters[i];
            var field = $"promotion.clusters[{i}].secretId";
            try
            {
                using var timeout = new CancellationTokenSource(ReadTimeout);
                var secret = await secrets.GetSecretValueAsync(cluster.SecretId, timeout.Token).ConfigureAwait(false);
                ClusterCredentials.Parse(cluster.SecretId, secret.SecretString);
                await log.WriteLineAsync($"{field}: secret {cluster.SecretId} holds every field the promotion reads.").ConfigureAwait(false);
            }
            catch (InvalidOperationException ex)
            {
                errors.Add($"{field}: {ex.Message} Cluster '{cluster.Name}' could not be promoted with it.");
            }
            catch (AwsApiException ex) when (ex.ErrorCode == "ResourceNotFoundException")
            {
                errors.Add($"{field}: secret '{cluster.SecretId}' does not exist in {region} (or has no current value); cluster '{cluster.Name}' could not be promoted. Create it with username, password, replicationUsername and replicationPassword.");
            }
            catch (Exception ex) when (ex is AwsApiException or OperationCanceledException or HttpRequestException)
            {
                await log.WriteLineAsync($"{field}: secret {cluster.SecretId} not checked: {ex.Message}").ConfigureAwait(false);
            }
        }

        if (errors.Count > 0)
        {
            throw new ConfigurationException("the promotion secrets would not work:\n  " + string.Join("\n  ", errors));
        }
    }

    /// <summary>Credentials the SDK finds without the network: keys, a named profile, or the shared files.</summary>
    private static bool HasCredentials(Func<string, string?> environment)
    {
        if (environment("AWS_ACCESS_KEY_ID") is { Length: > 0 } || environment("AWS_PROFILE") is { Length: > 0 })
        {
            return true;
        }

        var home = environment("HOME");
        var files = new[] { environment("AWS_SHARED_CREDENTIALS_FILE"), environment("AWS_CONFIG_FILE"), home is null ? null : Path.Combine(home, ".aws", "credentials"), home is null ? null : Path.Combine(home, ".aws", "config") };
        return files.Any(f => f is not null && File.Exists(f));
    }
}
