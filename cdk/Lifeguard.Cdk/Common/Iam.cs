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

    /// <summary>
    /// Route 53 for one zone: list it, and change only <paramref name="names"/> (normalized as IAM compares them:
    /// lower case, no final dot), only of <paramref name="types"/>, only by <paramref name="actions"/>.
    /// </summary>
    public static PolicyStatement[] RecordChanges(string partition, string zoneId, IEnumerable<string> names, IEnumerable<string> types, string[] actions)
    {
        var zoneArn = $"arn:{partition}:route53:::hostedzone/{zoneId}";
        return
        [
            Allow(["route53:ListResourceRecordSets"], [zoneArn]),
            Allow(["route53:ChangeResourceRecordSets"], [zoneArn], new()
            {
                ["ForAllValues:StringEquals"] = new Dictionary<string, object>
                {
                    ["route53:ChangeResourceRecordSetsNormalizedRecordNames"] = names.Select(n => n.TrimEnd('.').ToLowerInvariant()).Distinct().Order(StringComparer.Ordinal).ToArray(),
                    ["route53:ChangeResourceRecordSetsRecordTypes"] = types.Distinct().Order(StringComparer.Ordinal).ToArray(),
                    ["route53:ChangeResourceRecordSetsActions"] = actions,
                },
            }),
        ];
    }
}
