using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Lifeguard.Aws.Http;

namespace Lifeguard.Aws.Protocols;

/// <summary>The json 1.1 protocol: POST / with `X-Amz-Target: prefix.Operation` and a JSON body each way.</summary>
public sealed class JsonProtocol(AwsTransport transport, string targetPrefix)
{
    public async Task<TResponse> CallAsync<TRequest, TResponse>(
        string operation,
        TRequest request,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType,
        Idempotency idempotency,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transport);
        using var response = await transport.SendAsync(new AwsRequest
        {
            Operation = operation,
            Headers = [new("X-Amz-Target", $"{targetPrefix}.{operation}")],
            Body = JsonSerializer.SerializeToUtf8Bytes(request, requestType),
            ContentType = "application/x-amz-json-1.1",
            Idempotency = idempotency,
        }, cancellationToken).ConfigureAwait(false);
        return JsonSerializer.Deserialize(response.Body, responseType)
            ?? throw new FormatException($"{operation} answered with an empty document");
    }
}
