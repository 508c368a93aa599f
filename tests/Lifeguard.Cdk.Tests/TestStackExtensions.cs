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
    public static List<string> PolicyStatements(this Template template) =>
        [.. template.FindResources("AWS::IAM::Policy").Values
            .SelectMany(p => JsonDocument.Parse(JsonSerializer.Serialize(p, TemplateJsonContext.Default.DictionaryStringObject)).RootElement
                .GetProperty("Properties").GetProperty("PolicyDocument").GetProperty("Statement").EnumerateArray().Select(s => s.GetRawText()))];

    public static string ResolveLogicalId(this Stack stack, Notifications notifications) =>
        stack.GetLogicalId((CfnTopic)notifications.Topic.Node.DefaultChild!);
}
