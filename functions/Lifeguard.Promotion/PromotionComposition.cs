using Lifeguard.Aws;
using Lifeguard.Aws.Route53;
using Lifeguard.Aws.SecretsManager;
using Lifeguard.Aws.Sns;
using Lifeguard.Promotion.Adapters;
using Lifeguard.Runtime.Hosting;

namespace Lifeguard.Promotion;

/// <summary>Builds the handler from the environment, once per execution environment.</summary>
public static class PromotionComposition
{
    public const string HandlerName = "promotion";

    public static void Register(HandlerRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.Add<PromotionEvent, PromotionReport>(HandlerName, PromotionJsonContext.Default, host => CreateHandler(host).HandleAsync);
    }

    public static PromotionHandler CreateHandler(HostServices host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var settings = PromotionSettings.FromEnvironment(host.Environment);
        var aws = AwsConfiguration.FromEnvironment(host.Environment.GetVariable, host.Time);
        var ports = new PromotionPorts(new SecretsManagerClient(aws), new Route53Client(aws), new Ec2InstanceStopper(aws), SnsNotifier.For(aws, settings.TopicArn),
            (credentials, timeout) => new MySqlDatabase(credentials.Username, credentials.Password, timeout));
        return new PromotionHandler(settings, ports);
    }
}
