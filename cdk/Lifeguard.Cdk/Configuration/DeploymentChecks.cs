using Lifeguard.Aws;
using Lifeguard.Aws.SecretsManager;
using Lifeguard.Promotion.Adapters;

namespace Lifeguard.Cdk.Configuration;

/// <summary>
/// The checks at synth that need AWS: each promotion cluster's secret exists and holds the four fields the function
/// reads (a promotion that finds them missing fails at the worst moment). Asked for with the context value
/// <see cref="ContextKey"/> (`make synth` does; `cdk deploy -c lifeguard:checkSecrets=true`), so a synth or diff
/// never reads the account's secrets unasked. They run when credentials are at hand without asking the network for
/// them (keys, a profile, shared files, a container or web-identity role); otherwise they say they were skipped. What
/// cannot be checked (access denied to the deployer, AWS not answering) is said, never taken as an error.
/// </summary>
public static class DeploymentChecks
{
    /// <summary>Each secret read is bounded by this, so a synth never hangs on an unreachable endpoint.</summary>
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(15);

    public const string ContextKey = "lifeguard:checkSecrets";

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
            // The configuration's region first: the secrets live where the stack goes.
            string? Lookup(string name) => name == "AWS_REGION" && config.Region is { } region ? region : environment(name);
            aws = http is null ? AwsConfiguration.FromEnvironment(Lookup, TimeProvider.System) : AwsConfiguration.FromEnvironment(Lookup, http);
        }
        catch (AwsApiException ex)
        {
            await log.WriteLineAsync($"promotion secrets not checked: {ex.ErrorMessage}.").ConfigureAwait(false);
            return;
        }

        var region = aws.Region;
        var secrets = new SecretsManagerClient(aws);
        var errors = new List<string>();
        for (var i = 0; i < config.Promotion.Clusters.Count; i++)
        {
            var cluster = config.Promotion.Clusters[i];
            var field = $"promotion.clusters[{i}].secretId";
            try
            {
                using var timeout = new CancellationTokenSource(ReadTimeout);
                // On a pool thread and bounded as a whole: resolving credentials (a profile's credential_process or SSO)
                // runs inside the first call and may block.
                var secret = await Task.Run(() => secrets.GetSecretValueAsync(cluster.SecretId, timeout.Token)).WaitAsync(ReadTimeout).ConfigureAwait(false);
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
            catch (Exception ex) when (ex is not ConfigurationException)
            {
                // Uncertain is not wrong: the deployment may still work (access denied to the deployer, AWS not answering).
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
        if (new[] { "AWS_ACCESS_KEY_ID", "AWS_PROFILE", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_WEB_IDENTITY_TOKEN_FILE" }
            .Any(name => environment(name) is { Length: > 0 }))
        {
            return true;
        }

        var home = environment("HOME");
        var files = new[] { environment("AWS_SHARED_CREDENTIALS_FILE"), environment("AWS_CONFIG_FILE"), home is null ? null : Path.Combine(home, ".aws", "credentials"), home is null ? null : Path.Combine(home, ".aws", "config") };
        return files.Any(f => f is not null && File.Exists(f));
    }
}
