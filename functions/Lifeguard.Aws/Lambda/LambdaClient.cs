using System.Net;
using System.Text;
using Lifeguard.Aws.Endpoints;
using Lifeguard.Aws.Http;

namespace Lifeguard.Aws.Lambda;

/// <summary>Lambda's Invoke over its REST-JSON protocol (AWSSDK.Lambda is not served here).</summary>
public sealed class LambdaClient(AwsConfiguration configuration) : ILambdaClient
{
    private readonly AwsTransport _transport = new(configuration, AwsService.Lambda);

    public async Task InvokeAsyncEventAsync(string functionName, string payload, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(functionName);
        ArgumentNullException.ThrowIfNull(payload);
        using var response = await _transport.SendAsync(new AwsRequest
        {
            Operation = "Invoke",
            Path = $"/2015-03-31/functions/{Uri.EscapeDataString(functionName)}/invocations",
            Headers = [new("X-Amz-Invocation-Type", "Event")],
            Body = Encoding.UTF8.GetBytes(payload),
            ContentType = "application/json",
            // A repeat queues the same work twice; callers hand over work whose second run finds it done.
            Idempotency = Idempotency.Idempotent,
        }, cancellationToken).ConfigureAwait(false);
        if (response.Status != HttpStatusCode.Accepted)
        {
            throw new AwsApiException("lambda", "Invoke", (int)response.Status, "Unexpected", $"an Event invocation answered {(int)response.Status}, not 202 Accepted");
        }
    }
}
