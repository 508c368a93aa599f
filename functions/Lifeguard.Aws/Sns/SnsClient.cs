using Lifeguard.Aws.Endpoints;
using Lifeguard.Aws.Http;
using Lifeguard.Aws.Protocols;

namespace Lifeguard.Aws.Sns;

/// <summary>SNS over the query protocol.</summary>
public sealed class SnsClient(AwsConfiguration configuration) : ISnsClient
{
    private readonly AwsTransport _transport = new(configuration, AwsService.Sns);

    public async Task<string> PublishAsync(PublishRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var form = new FormBuilder("Publish", "2010-03-31")
            .Add("TopicArn", request.TopicArn)
            .Add("Message", request.Message)
            .Add("Subject", request.Subject)
            .Add("MessageStructure", request.MessageStructure);
        form.List("MessageAttributes.entry", request.MessageAttributes, (f, prefix, attribute) => f
            .Add($"{prefix}.Name", attribute.Key)
            .Add($"{prefix}.Value.DataType", "String")
            .Add($"{prefix}.Value.StringValue", attribute.Value));
        using var response = await _transport.SendAsync(
            new AwsRequest { Operation = "Publish", Form = form.Parameters, Idempotency = Idempotency.NotIdempotent }, cancellationToken).ConfigureAwait(false);
        return Xml.Parse(response.Body).Descendant("MessageId")?.Value ?? throw new FormatException("Publish answered without a MessageId");
    }
}
