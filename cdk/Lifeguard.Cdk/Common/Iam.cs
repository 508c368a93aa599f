using Amazon.CDK.AWS.IAM;

namespace Lifeguard.Cdk.Common;

public static class Iam
{
    public static PolicyStatement Allow(string[] actions, string[] resources, Dictionary<string, object>? conditions = null) => new(new PolicyStatementProps
    {
        Effect = Effect.ALLOW,
        Actions = actions,
        Resources = resources,
        Conditions = conditions,
    });
}
