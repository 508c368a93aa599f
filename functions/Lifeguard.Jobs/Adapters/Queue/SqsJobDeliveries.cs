using System.Collections.Concurrent;
using System.Globalization;
using Amazon.SQS;
using Amazon.SQS.Model;
using Lifeguard.Aws;
using Lifeguard.Aws.Endpoints;
using Lifeguard.Aws.Sdk;
using Lifeguard.Runtime.Events;

namespace Lifeguard.Jobs.Adapters.Queue;

/// <summary>
/// <see cref="IJobDeliveries"/> over AWSSDK.SQS. A message's queue comes from its eventSourceARN (its URL looked up once).
/// SendMessage has no idempotency token: a retried send may leave two copies, and a job run twice writes the same
/// outputs again (their keys are fixed), which is why a copy is never sent where a lost one would lose the job.
/// </summary>
public sealed class SqsJobDeliveries(IAmazonSQS sqs, string? deadLetterQueueUrl) : IJobDeliveries
{
    /// <summary>Attempts a message had before it was put back unstarted: its receive count starts again on the copy.</summary>
    public const string AttemptsAttribute = "lifeguard-attempts";

    private readonly ConcurrentDictionary<string, string> _urls = new(StringComparer.Ordinal);

    public SqsJobDeliveries(AwsConfiguration aws, string? deadLetterQueueUrl)
        : this(new AmazonSQSClient(aws.Credentials, aws.For<AmazonSQSConfig>(AwsService.Sqs)), deadLetterQueueUrl)
    {
    }

    public async Task RequeueAsync(SqsMessage message, int attempts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var attributes = Attributes(message);
        Add(attributes, AttemptsAttribute, Number(attempts));
        var request = new SendMessageRequest { QueueUrl = await UrlAsync(message, cancellationToken).ConfigureAwait(false), MessageBody = message.Body, MessageAttributes = attributes };
        await SdkCall.RunAsync(AwsService.Sqs, "SendMessage", ct => sqs.SendMessageAsync(request, ct), cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> ClaimAsync(SqsMessage message, TimeSpan visibility, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var url = await UrlAsync(message, cancellationToken).ConfigureAwait(false);
        try
        {
            await SdkCall.RunAsync(AwsService.Sqs, "ChangeMessageVisibility",
                ct => sqs.ChangeMessageVisibilityAsync(new ChangeMessageVisibilityRequest { QueueUrl = url, ReceiptHandle = message.ReceiptHandle, VisibilityTimeout = (int)Math.Min(Math.Ceiling(visibility.TotalSeconds), 43_200) }, ct),
                cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (AwsApiException ex) when (IsGone(ex))
        {
            return false;
        }
    }

    /// <summary>
    /// SQS's answers for a receipt handle whose message was deleted: "Message does not exist or is not available for
    /// visibility timeout change" (InvalidParameterValue) from SQS itself, ReceiptHandleIsInvalid or MessageNotInflight
    /// as the API reference names them (and moto answers).
    /// </summary>
    public static bool IsGone(AwsApiException ex) =>
        ex is not null && (ex.ErrorCode.EndsWith("ReceiptHandleIsInvalid", StringComparison.Ordinal)
        || ex.ErrorCode.EndsWith("MessageNotInflight", StringComparison.Ordinal)
        || (ex.ErrorCode.EndsWith("InvalidParameterValue", StringComparison.Ordinal) && ex.Message.Contains("does not exist", StringComparison.OrdinalIgnoreCase)));

    public async Task ReleaseAsync(SqsMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var url = await UrlAsync(message, cancellationToken).ConfigureAwait(false);
        await SdkCall.RunAsync(AwsService.Sqs, "ChangeMessageVisibility",
            ct => sqs.ChangeMessageVisibilityAsync(new ChangeMessageVisibilityRequest { QueueUrl = url, ReceiptHandle = message.ReceiptHandle, VisibilityTimeout = 0 }, ct),
            cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteAsync(SqsMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var url = await UrlAsync(message, cancellationToken).ConfigureAwait(false);
        await SdkCall.RunAsync(AwsService.Sqs, "DeleteMessage",
            ct => sqs.DeleteMessageAsync(new DeleteMessageRequest { QueueUrl = url, ReceiptHandle = message.ReceiptHandle }, ct), cancellationToken).ConfigureAwait(false);
    }

    public async Task DeadLetterAsync(SqsMessage message, string reason, int attempts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var url = deadLetterQueueUrl ?? throw new InvalidOperationException("LIFEGUARD_DEAD_LETTER_QUEUE_URL is not set: a job that failed for good cannot be kept.");
        var attributes = Attributes(message);
        // A redrive puts the message back as it came, without these: it starts again with no attempts counted.
        Add(attributes, "lifeguard-reason", new MessageAttributeValue { DataType = "String", StringValue = reason.Length > 1000 ? reason[..1000] : reason });
        Add(attributes, "lifeguard-failed-attempts", Number(attempts));
        if (message.EventSourceArn is { } source)
        {
            Add(attributes, "lifeguard-source-queue", new MessageAttributeValue { DataType = "String", StringValue = source });
        }

        await SdkCall.RunAsync(AwsService.Sqs, "SendMessage",
            ct => sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = message.Body, MessageAttributes = attributes }, ct), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The message's own attributes, every one (string, number and binary), without those we add.</summary>
    private static Dictionary<string, MessageAttributeValue> Attributes(SqsMessage message) => message.MessageAttributes
        .Where(a => !a.Key.StartsWith("lifeguard-", StringComparison.Ordinal))
        .ToDictionary(a => a.Key, a => new MessageAttributeValue
        {
            DataType = a.Value.DataType,
            StringValue = a.Value.StringValue,
            BinaryValue = a.Value.BinaryValue is { } binary ? new MemoryStream(Convert.FromBase64String(binary)) : null,
        }, StringComparer.Ordinal);

    /// <summary>
    /// One of ours, where SQS's limit of 10 attributes a message leaves room: the message's own always stay (the
    /// status message carries the reason in any case).
    /// </summary>
    private static void Add(Dictionary<string, MessageAttributeValue> attributes, string name, MessageAttributeValue value)
    {
        if (attributes.Count < MaxAttributes)
        {
            attributes[name] = value;
        }
    }

    private const int MaxAttributes = 10;

    private static MessageAttributeValue Number(int value) => new() { DataType = "Number", StringValue = value.ToString(CultureInfo.InvariantCulture) };

    /// <summary>arn:aws:sqs:REGION:ACCOUNT:NAME to the queue's URL, by GetQueueUrl (the endpoint may be moto's).</summary>
    private async Task<string> UrlAsync(SqsMessage message, CancellationToken cancellationToken)
    {
        var arn = message.EventSourceArn ?? throw new InvalidOperationException($"message {message.MessageId} has no eventSourceARN: its queue is unknown.");
        if (_urls.TryGetValue(arn, out var known))
        {
            return known;
        }

        var parts = arn.Split(':');
        if (parts.Length != 6 || parts[2] != "sqs")
        {
            throw new InvalidOperationException($"message {message.MessageId}: eventSourceARN '{arn}' is not an SQS queue's ARN.");
        }

        var response = await SdkCall.RunAsync(AwsService.Sqs, "GetQueueUrl",
            ct => sqs.GetQueueUrlAsync(new GetQueueUrlRequest { QueueName = parts[5], QueueOwnerAWSAccountId = parts[4] }, ct), cancellationToken).ConfigureAwait(false);
        return _urls[arn] = response.QueueUrl;
    }
}
