using Amazon.CDK;
using Amazon.CDK.Assertions;
using Amazon.CDK.AWS.Logs;
using Lifeguard.Cdk.Common;

namespace Lifeguard.Cdk.Tests.Common;

public sealed class LifeguardFunctionTests
{
    [Fact]
    public void LifeguardFunction_Project_RunsAsNativeBootstrapOnProvidedAl2023()
    {
        var (stack, packager) = CreateSut();

        var template = Template.FromStack(stack);

        Assert.Equal(["Lifeguard.Snapshots"], packager.Requested);
        template.HasResourceProperties("AWS::Lambda::Function", new Dictionary<string, object>
        {
            ["Runtime"] = "provided.al2023",
            ["Handler"] = "bootstrap",
            ["Architectures"] = new[] { "x86_64" },
            ["MemorySize"] = 256,
            ["Timeout"] = 300,
            ["Environment"] = new Dictionary<string, object>
            {
                ["Variables"] = new Dictionary<string, object> { ["LIFEGUARD_HANDLER"] = "expire", ["LIFEGUARD_CATALOG"] = "tags" },
            },
            ["LoggingConfig"] = Match.ObjectLike(new Dictionary<string, object>
            {
                ["LogFormat"] = "JSON",
                ["ApplicationLogLevel"] = "INFO",
                ["LogGroup"] = Match.AnyValue(),
            }),
        });
    }

    [Fact]
    public void LifeguardFunction_LogRetention_IsSetOnItsOwnLogGroup()
    {
        var (stack, _) = CreateSut();

        var template = Template.FromStack(stack);

        template.ResourceCountIs("AWS::Logs::LogGroup", 1);
        template.HasResourceProperties("AWS::Logs::LogGroup", new Dictionary<string, object> { ["RetentionInDays"] = 14 });
        // No LogRetention custom resource (a Node.js Lambda of its own) is needed for that.
        template.ResourceCountIs("Custom::LogRetention", 0);
    }

    [Fact]
    public void LifeguardFunction_Role_HasOnlyTheBasicExecutionPolicy()
    {
        var (stack, _) = CreateSut();

        var template = Template.FromStack(stack);

        template.ResourceCountIs("AWS::IAM::Policy", 0);
        template.HasResourceProperties("AWS::IAM::Role", new Dictionary<string, object>
        {
            ["ManagedPolicyArns"] = new object[]
            {
                new Dictionary<string, object>
                {
                    ["Fn::Join"] = new object[] { "", new object[] { "arn:", new Dictionary<string, object> { ["Ref"] = "AWS::Partition" }, ":iam::aws:policy/service-role/AWSLambdaBasicExecutionRole" } },
                },
            },
        });
    }

    private static (Stack Stack, FakePackager Packager) CreateSut()
    {
        var stack = new Stack(new App(), "Test");
        var packager = new FakePackager();
        _ = new LifeguardFunction(stack, "Expire", new LifeguardFunctionProps
        {
            ProjectName = "Lifeguard.Snapshots",
            HandlerName = "expire",
            Packager = packager,
            Description = "Deletes expired snapshots",
            MemorySizeMb = 256,
            Timeout = Duration.Minutes(5),
            LogRetention = RetentionDays.TWO_WEEKS,
            Environment = new Dictionary<string, string> { ["LIFEGUARD_CATALOG"] = "tags" },
        });
        return (stack, packager);
    }
}
