using Lifeguard.TestSupport;
using System.Text.Json;
using Lifeguard.Aws.Sns;

namespace Lifeguard.Aws.Tests.Sns;

[Trait("Category", "Integration")]
public sealed class SnsClientTests(MotoFixture moto) : MotoTest(moto)
{
    [Fact]
    public async Task PublishAsync_JsonStructureWithAttributes_SubscriberGetsItsProtocolText()
    {
        var setup = await Moto.Boto3Async("""
            sns, sqs = client("sns"), client("sqs")
            topic = sns.create_topic(Name="lifeguard")["TopicArn"]
            queue = sqs.create_queue(QueueName="watch")["QueueUrl"]
            arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
            sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn)
            out({"topic": topic, "queue": queue})
            """);
        var message = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["default"] = "lb.example.com moved to lb2 (lb1 failed 3 probes)",
            ["sms"] = "Lifeguard: lb.example.com -> lb2",
            ["sqs"] = "lb.example.com moved to lb2 (full text for machines)",
        }, SnsTestJsonContext.Default.DictionaryStringString);

        var messageId = await new SnsClient(Moto.Configuration()).PublishAsync(new PublishRequest(setup.GetProperty("topic").GetString()!, message)
        {
            Subject = "Lifeguard: DNS switched",
            MessageStructure = "json",
            MessageAttributes = new Dictionary<string, string> { ["event"] = "switch" },
        }, CancellationToken.None);

        var received = await Moto.Boto3Async($$"""
            m = client("sqs").receive_message(QueueUrl="{{setup.GetProperty("queue").GetString()}}", WaitTimeSeconds=1)["Messages"][0]
            out(json.loads(m["Body"]))
            """);
        Assert.Equal(messageId, received.GetProperty("MessageId").GetString());
        Assert.Equal("Lifeguard: DNS switched", received.GetProperty("Subject").GetString());
        Assert.Equal("lb.example.com moved to lb2 (full text for machines)", received.GetProperty("Message").GetString());
        Assert.Equal("switch", received.GetProperty("MessageAttributes").GetProperty("event").GetProperty("Value").GetString());
    }

    [Fact]
    public async Task PublishAsync_MissingTopic_FailsWithNotFound()
    {
        var ex = await Assert.ThrowsAsync<AwsApiException>(() => new SnsClient(Moto.Configuration())
            .PublishAsync(new PublishRequest("arn:aws:sns:us-east-1:123456789012:absent", "hello"), CancellationToken.None));

        Assert.Equal("NotFound", ex.ErrorCode);
        Assert.False(ex.MayHaveTakenEffect);
    }
}
