using Amazon.CDK;
using Lifeguard.Cdk;
using Lifeguard.Cdk.Configuration;
using Lifeguard.Cdk.Packaging;

var app = new App();
var configFile = app.Node.TryGetContext(LifeguardConfigLoader.ContextKey) as string ?? "config/example.json";
LifeguardConfig config;
try
{
    config = LifeguardConfigLoader.Load(configFile);
    // What the configuration names outside it (the promotion secrets), when asked (make synth asks); then the stack,
    // whose constructs refuse what CloudWatch would (the dashboard's quotas).
    if (app.Node.TryGetContext(DeploymentChecks.ContextKey) is "true" or true)
    {
        // Credentials from what the machine holds, never from the instance metadata service (the SDK's last resort).
        System.Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
        await DeploymentChecks.RunAsync(config, Console.Error).ConfigureAwait(false);
    }

    _ = new LifeguardStack(app, config.StackName, new LifeguardStackProps
    {
        Config = config,
        Packager = new DotnetPublishPackager(Directory.GetCurrentDirectory()),
        Env = config.Account is null && config.Region is null ? null : new Amazon.CDK.Environment { Account = config.Account, Region = config.Region },
        Description = "Lifeguard: EBS snapshots, DNS failover, image and PDF jobs, MySQL replica promotion",
    });
}
catch (ConfigurationException ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return 1;
}

app.Synth();
return 0;
