using Lifeguard.Jobs.Adapters.Queue;
using Lifeguard.Runtime.Events;
using Lifeguard.TestSupport;

namespace Lifeguard.Jobs.Tests.Adapters.Queue;

/// <summary>The SQS adapter (AWSSDK.SQS) against moto, read back with boto3.</summary>
[Trait("Category", "Integration")]
public sealed class SqsJobDeliveriesTests(MotoFixture moto) : MotoTest(moto)
{
    [Theory]
    [InlineData("InvalidParameterValue", "Value AQEB... for parameter ReceiptHandle is invalid. Reason: Message does not exist or is not available for visibility timeout change.", true)] // SQS itself
    [InlineData("ReceiptHandleIsInvalid", "The input receipt handle is invalid.", true)] // moto, and the API reference
    [InlineData("AWS.SimpleQueueService.MessageNotInflight", "The message referred to isn't in flight.", true)]
    [InlineData("InvalidParameterValue", "Value 50000 for parameter VisibilityTimeout is invalid.", false)]
    [InlineData("ServiceUnavailable", "Please try again.", false)]
    public void IsGone_TellsADeletedMessageFromAnyOtherError(string code, string message, bool gone) =>
        Assert.Equal(gone, SqsJobDeliveries.IsGone(new Lifeguard.Aws.AwsApiException("SQS", "ChangeMessageVisibility", 400, code, message)));

    [Fact]
    public async Task DeadLetterAsync_MessageWithManyAttributes_KeepsEveryOneOfItsOwnAndWhatFitsOfOurs()
    {
        await Moto.Boto3Async("""
            for q in ("jobs-high", "jobs-dead"):
                client("sqs").create_queue(QueueName=q)
            out(None)
            """);
        var own = Enumerable.Range(1, 8).ToDictionary(i => $"app-{i}", i => new SqsMessageAttributeValue { DataType = "String", StringValue = $"value {i}" });
        own["app-blob"] = new SqsMessageAttributeValue { DataType = "Binary", BinaryValue = Convert.ToBase64String([0, 1, 2, 255]) };
        own["lifeguard-attempts"] = new SqsMessageAttributeValue { DataType = "Number", StringValue = "2" };
        var message = new SqsMessage { MessageId = "m", Body = "{}", MessageAttributes = own, EventSourceArn = "arn:aws:sqs:us-east-1:123456789012:jobs-high" };
        var deliveries = new SqsJobDeliveries(Moto.Configuration(), new Uri(Moto.Endpoint, "/123456789012/jobs-dead").ToString());

        await deliveries.DeadLetterAsync(message, "not an image", 3, CancellationToken.None);

        var kept = await Moto.Boto3Async("""
            sqs = client("sqs")
            url = sqs.get_queue_url(QueueName="jobs-dead")["QueueUrl"]
            m = sqs.receive_message(QueueUrl=url, MessageAttributeNames=["All"])["Messages"][0]["MessageAttributes"]
            out({k: v.get("StringValue") or v["BinaryValue"].hex() for k, v in m.items()})
            """);
        var names = kept.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
        // SQS allows 10: the message's nine stay, and the reason takes the last place.
        Assert.Equal([.. own.Keys.Where(k => k.StartsWith("app-", StringComparison.Ordinal)).Append("lifeguard-reason").Order(StringComparer.Ordinal)], names);
        Assert.Equal("000102ff", kept.GetProperty("app-blob").GetString());
        Assert.Equal("not an image", kept.GetProperty("lifeguard-reason").GetString());
    }
}
