using Constructs;
using Amazon.CDK;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Logs;

namespace Lifeguard.Cdk.Common;

/// <summary>
/// One Lifeguard function: a published function project on the managed dotnet10 runtime as an executable
/// assembly (handler = assembly name), x86_64, JSON logs into its own log group with a retention.
/// </summary>
public sealed class LifeguardFunction : Construct
{
    /// <summary>
    /// CDK 2.160 predates dotnet10, so the runtime is declared by name. Executable assemblies on the managed
    /// runtime run their own Main, which is Lifeguard.Runtime's Runtime API loop.
    /// </summary>
    public static readonly Amazon.CDK.AWS.Lambda.Runtime Dotnet10 = new("dotnet10", RuntimeFamily.DOTNET_CORE);

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
            Runtime = Dotnet10,
            Architecture = Architecture.X86_64,
            Handler = props.ProjectName,
            Code = Code.FromAsset(props.Packager.Package(props.ProjectName)),
            Description = props.Description,
            MemorySize = props.MemorySizeMb,
            Timeout = props.Timeout ?? Duration.Minutes(1),
            Environment = environment,
            LogGroup = logGroup,
            // Our lines are already JSON; in JSON format Lambda keeps them as they are and sets
            // AWS_LAMBDA_LOG_LEVEL from the application log level.
            LoggingFormat = LoggingFormat.JSON,
            ApplicationLogLevelV2 = ApplicationLogLevel.INFO,
            SystemLogLevelV2 = SystemLogLevel.WARN,
        });
        LogGroup = logGroup;
        if (props.Vpc is { } vpc)
        {
            // By the L1 properties: the L2 wants an IVpc, and a lookup would need the account at synth time.
            ((CfnFunction)Function.Node.DefaultChild!).VpcConfig = new CfnFunction.VpcConfigProperty { SubnetIds = [.. vpc.SubnetIds], SecurityGroupIds = [.. vpc.SecurityGroupIds] };
            Function.Role!.AddManagedPolicy(Amazon.CDK.AWS.IAM.ManagedPolicy.FromAwsManagedPolicyName("service-role/AWSLambdaVPCAccessExecutionRole"));
        }
    }

    public Function Function { get; }

    public ILogGroup LogGroup { get; }
}
