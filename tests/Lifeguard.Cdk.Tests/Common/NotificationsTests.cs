using Amazon.CDK;
using Amazon.CDK.Assertions;
using Amazon.CDK.AWS.IAM;
using Lifeguard.Cdk.Common;

namespace Lifeguard.Cdk.Tests.Common;

public sealed class NotificationsTests
{
    [Fact]
    public void Notifications_EmailsAndNumbers_SubscribeEachWithItsProtocol()
    {
        var (stack, _) = CreateSut(["ops@example.com", "dba@example.com"], ["+15555550100"]);

        var template = Template.FromStack(stack);

        template.ResourceCountIs("AWS::SNS::Topic", 1);
        template.ResourceCountIs("AWS::SNS::Subscription", 3);
        template.HasResourceProperties("AWS::SNS::Subscription", new Dictionary<string, object> { ["Protocol"] = "email", ["Endpoint"] = "dba@example.com" });
        template.HasResourceProperties("AWS::SNS::Subscription", new Dictionary<string, object> { ["Protocol"] = "sms", ["Endpoint"] = "+15555550100" });
    }

    [Fact]
    public void Notifications_Always_DeniesPublishingWithoutTls()
    {
        var (stack, _) = CreateSut([], []);

        Template.FromStack(stack).HasResourceProperties("AWS::SNS::TopicPolicy", new Dictionary<string, object>
        {
            ["PolicyDocument"] = Match.ObjectLike(new Dictionary<string, object>
            {
                ["Statement"] = Match.ArrayWith([Match.ObjectLike(new Dictionary<string, object>
                {
                    ["Effect"] = "Deny",
                    ["Action"] = "sns:Publish",
                    ["Condition"] = new Dictionary<string, object> { ["Bool"] = new Dictionary<string, object> { ["aws:SecureTransport"] = "false" } },
                })]),
            }),
        });
    }

    [Fact]
    public void GrantPublish_Role_MayPublishToThisTopicOnly()
    {
        var (stack, notifications) = CreateSut([], []);
        var role = new Role(stack, "Role", new RoleProps { AssumedBy = new ServicePrincipal("lambda.amazonaws.com") });

        notifications.GrantPublish(role);

        Template.FromStack(stack).HasResourceProperties("AWS::IAM::Policy", new Dictionary<string, object>
        {
            ["PolicyDocument"] = new Dictionary<string, object>
            {
                ["Statement"] = new object[]
                {
                    new Dictionary<string, object>
                    {
                        ["Effect"] = "Allow",
                        ["Action"] = "sns:Publish",
                        ["Resource"] = new Dictionary<string, object> { ["Ref"] = stack.ResolveLogicalId(notifications) },
                    },
                },
                ["Version"] = "2012-10-17",
            },
        });
    }

    private static (Stack Stack, Notifications Notifications) CreateSut(string[] emails, string[] numbers)
    {
        var stack = new Stack(new App(), "Test");
        var notifications = new Notifications(stack, "Notifications", new NotificationsProps { Emails = emails, SmsNumbers = numbers });
        return (stack, notifications);
    }
}
