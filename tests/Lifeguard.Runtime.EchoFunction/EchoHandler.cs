using System.Text.Json.Serialization;
using Lifeguard.Runtime.Hosting;

namespace Lifeguard.Runtime.EchoFunction;

public static class EchoHandler
{
    public static void Register(HandlerRegistry registry) => registry
        .Add<EchoEvent, EchoResult>("echo", EchoJsonContext.Default, _ => HandleAsync)
        .Add<EchoEvent, EchoResult>("broken", EchoJsonContext.Default,
            _ => throw new InvalidOperationException("LIFEGUARD_TABLE is not set"));

    public static async Task<EchoResult> HandleAsync(EchoEvent input, InvocationContext context, CancellationToken cancellationToken)
    {
        switch (input.Action)
        {
            case "throw":
                throw new InvalidOperationException($"asked to fail: {input.Message}");
            case "hang":
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
                break;
        }

        context.Metrics.Add("Echoed", 1);
        return new EchoResult(input.Message, context.RequestId, context.TraceId, input.DryRun || context.DryRun, context.Function.Name);
    }
}
