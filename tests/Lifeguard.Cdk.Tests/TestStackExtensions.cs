using System.Text.Json;
using Amazon.CDK.Assertions;
using Amazon.CDK;
using Amazon.CDK.AWS.SNS;
using Lifeguard.Cdk.Common;

namespace Lifeguard.Cdk.Tests;

public static class TestStackExtensions
{
    /// <summary>The logical id CloudFormation will see for the topic of <paramref name="notifications"/>.</summary>
    /// <summary>Every IAM policy statement of the template, each as its JSON text.</summary>
    /// <summary>Every distinct statement of the template's policies (functions that do the same things share statements).</summary>
    public static List<string> PolicyStatements(this Template template) =>
        [.. template.FindResources("AWS::IAM::Policy").Values
            .SelectMany(p => Json(p)
                .GetProperty("Properties").GetProperty("PolicyDocument").GetProperty("Statement").EnumerateArray().Select(s => s.GetRawText())).Distinct()];

    /// <summary>A resource of a synthesized template (as FindResources gives it) as JSON.</summary>
    public static JsonElement Json(object resource) =>
        JsonDocument.Parse(JsonSerializer.Serialize(resource, TemplateJsonContext.Default.DictionaryStringObject)).RootElement;

    /// <summary>The C# sources below a folder of the repository, without build output.</summary>
    public static IEnumerable<string> SourceFiles(params string[] folder) =>
        Directory.EnumerateFiles(Path.Combine([Lifeguard.TestSupport.RepositoryPaths.Root, .. folder]), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    public static string ResolveLogicalId(this Stack stack, Notifications notifications) =>
        stack.GetLogicalId((CfnTopic)notifications.Topic.Node.DefaultChild!);

    /// <summary>A test stack with the notifications topic and one capability's construct, built by <paramref name="construct"/>.</summary>
    public static Stack WithCapability<TConfig>(TConfig config, Action<Stack, CapabilityProps<TConfig>> construct)
    {
        ArgumentNullException.ThrowIfNull(construct);
        var stack = new Stack(new App(), "Test");
        var notifications = new Notifications(stack, "Notifications", new NotificationsProps());
        construct(stack, new CapabilityProps<TConfig> { Config = config, Notifications = notifications, Packager = new FakePackager() });
        return stack;
    }
}
