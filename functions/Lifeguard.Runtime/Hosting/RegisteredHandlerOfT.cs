using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Lifeguard.Runtime.Hosting;

internal sealed class RegisteredHandler<TEvent, TResult>(
    string name,
    JsonTypeInfo<TEvent> eventType,
    JsonTypeInfo<TResult> resultType,
    LambdaFunction<TEvent, TResult> function) : RegisteredHandler
{
    public override string Name => name;

    public override async Task<byte[]> InvokeAsync(ReadOnlyMemory<byte> body, InvocationContext context, CancellationToken cancellationToken)
    {
        var input = Deserialize(body);
        var result = await function(input, context, cancellationToken).ConfigureAwait(false);
        return JsonSerializer.SerializeToUtf8Bytes(result, resultType);
    }

    private TEvent Deserialize(ReadOnlyMemory<byte> body)
    {
        TEvent? input;
        try
        {
            input = JsonSerializer.Deserialize(body.Span, eventType);
        }
        catch (JsonException ex)
        {
            // JsonException's message already names the JSON path, line and byte position.
            throw new InvalidEventException($"The event is not a valid '{name}' event ({typeof(TEvent).Name}): {ex.Message}", ex);
        }

        return input ?? throw new InvalidEventException($"The event is not a valid '{name}' event ({typeof(TEvent).Name}): it is null.");
    }
}
