using Lifeguard.Runtime.Hosting;
using Lifeguard.Runtime.Metrics;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lifeguard.TestSupport;

/// <summary>Invocation contexts for calling a handler directly, as Lambda would, on the real clock unless told otherwise.</summary>
public static class TestContexts
{
    public static InvocationContext Create(string handler, TimeSpan? budget = null, bool isLocal = false, bool dryRun = false, TextWriter? metrics = null, TimeProvider? time = null)
    {
        var clock = time ?? TimeProvider.System;
        return new(
            $"req-{Guid.NewGuid():N}",
            $"arn:aws:lambda:us-east-1:123456789012:function:{handler}",
            traceId: null,
            clock.GetUtcNow() + (budget ?? TimeSpan.FromMinutes(5)),
            new FunctionInfo(handler, "$LATEST", 512, handler),
            dryRun,
            isLocal,
            NullLogger.Instance,
            new MetricsWriter(metrics ?? TextWriter.Null, "Lifeguard", clock),
            clock);
    }
}
