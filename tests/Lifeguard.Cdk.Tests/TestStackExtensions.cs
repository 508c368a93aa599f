using Amazon.CDK;
using Amazon.CDK.AWS.SNS;
using Lifeguard.Cdk.Common;

namespace Lifeguard.Cdk.Tests;

public static class TestStackExtensions
{
    /// <summary>The logical id CloudFormation will see for the topic of <paramref name="notifications"/>.</summary>
    public static string ResolveLogicalId(this Stack stack, Notifications notifications) =>
        stack.GetLogicalId((CfnTopic)notifications.Topic.Node.DefaultChild!);
}
