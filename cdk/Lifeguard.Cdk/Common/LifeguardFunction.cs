using Constructs;
using Amazon.CDK;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Logs;
using Lifeguard.Cdk.Packaging;

namespace Lifeguard.Cdk.Common;

/// <summary>
/// One Lifeguard function: a function project compiled to a native `bootstrap` on provided.al2023 (Amazon Linux 2023),
/// x86_64, JSON logs into its own log group with a retention. The provided runtime executes `bootstrap`, whose Main is
/// Lifeguard.Runtime's Runtime API loop; the handler setting is only a name there (LIFEGUARD_HANDLER picks the handler).
/// </summary>
public sealed class LifeguardFunction : Construct
{
    public LifeguardFunction(Construct scope, string id, LifeguardFunctionProps props) : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(props);
        var logGroup = new LogGroup(this, "Logs", new LogGroupProps
        {
            Retention = props.LogRetention,
            RemovalPolicy = RemovalPolicy.DESTROY,
        });
        var environment = new Dictionary<string, string>(props.Environment)
        {
            ["LIFEGUARD_HANDLER"] = props.HandlerName,
        };
        Function = new Function(this, "Function", new FunctionProps
        {
            Runtime = Amazon.CDK.AWS.Lambda.Runtime.PROVIDED_AL2023,
            Architecture = Architecture.X86_64,
            Handler = DotnetPublishPackager.Bootstrap,
            Code = Code.FromAsset(props.Packager.Package(props.ProjectName)),
            Description = props.Description,
            MemorySize = props.MemorySizeMb,
            Timeout = props.Timeout ?? Duration.Minutes(1),
            ReservedConcurrentExecutions = props.ReservedConcurrentExecutions,
            Environment = environment,
            LogGroup = logGroup,
            // Our lines are already JSON; in JSON format Lambda keeps them as they are and sets
            // AWS_LAMBDA_LOG_LEVEL from the application log level.
            LoggingFormat = LoggingFormat.JSON,
            ApplicationLogLevelV2 = ApplicationLogLevel.INFO,
            SystemLogLevelV2 = props.SystemLogLevel,
        });
        LogGroup = logGroup;
        HandlerName = props.HandlerName;
        if (props.Vpc is { } vpc)
        {
            // By the L1 properties: the L2 wants an IVpc, and a lookup would need the account at synth time.
            ((CfnFunction)Function.Node.DefaultChild!).VpcConfig = new CfnFunction.VpcConfigProperty
            {
                SubnetIds = [.. vpc.SubnetIds],
                SecurityGroupIds = [.. vpc.SecurityGroupIds],
                Ipv6AllowedForDualStack = vpc.Ipv6AllowedForDualStack ? true : null,
            };
            Function.Role!.AddManagedPolicy(Amazon.CDK.AWS.IAM.ManagedPolicy.FromAwsManagedPolicyName("service-role/AWSLambdaVPCAccessExecutionRole"));
        }
    }

    public Function Function { get; }

    /// <summary>The registered handler it runs (its metrics' Handler dimension).</summary>
    public string HandlerName { get; }

    public ILogGroup LogGroup { get; }
}
