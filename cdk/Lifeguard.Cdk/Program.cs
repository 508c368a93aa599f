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
}
catch (ConfigurationException ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return 1;
}

_ = new LifeguardStack(app, config.StackName, new LifeguardStackProps
{
    Config = config,
    Packager = new DotnetPublishPackager(Directory.GetCurrentDirectory()),
    Env = config.Account is null && config.Region is null ? null : new Amazon.CDK.Environment { Account = config.Account, Region = config.Region },
    Description = "Lifeguard: EBS snapshots, DNS failover, image and PDF jobs, MySQL replica promotion",
});
app.Synth();
return 0;
