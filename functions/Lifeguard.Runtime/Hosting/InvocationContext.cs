using Lifeguard.Runtime.Metrics;
using Microsoft.Extensions.Logging;

namespace Lifeguard.Runtime.Hosting;

/// <summary>What a handler knows about the invocation it is serving.</summary>
public sealed class InvocationContext
{
    private readonly TimeProvider _time;

    public InvocationContext(
        string requestId,
        string invokedFunctionArn,
        string? traceId,
        DateTimeOffset deadline,
        FunctionInfo function,
        bool dryRun,
        bool isLocal,
        ILogger logger,
        MetricsWriter metrics,
        TimeProvider time)
    {
        RequestId = requestId;
        InvokedFunctionArn = invokedFunctionArn;
        TraceId = traceId;
        Deadline = deadline;
        Function = function;
        DryRun = dryRun;
        IsLocal = isLocal;
        Logger = logger;
        Metrics = metrics;
        _time = time;
    }

    public string RequestId { get; }

    public string InvokedFunctionArn { get; }

    public string? TraceId { get; }

    /// <summary>When Lambda stops the invocation. The handler's CancellationToken fires a safety margin earlier.</summary>
    public DateTimeOffset Deadline { get; }

    public TimeSpan RemainingTime => Deadline - _time.GetUtcNow();

    /// <summary>The clock to use for every decision of this invocation.</summary>
    public TimeProvider Time => _time;

    public FunctionInfo Function { get; }

    /// <summary>True when the invocation was started with --dry-run; handlers OR it with the event's own dryRun.</summary>
    public bool DryRun { get; }

    /// <summary>
    /// True for a local `invoke`, false inside Lambda. Overrides that would be dangerous in production (moving the clock
    /// to test expiry) are honoured only locally.
    /// </summary>
    public bool IsLocal { get; }

    public ILogger Logger { get; }

    /// <summary>Metrics of this invocation, written as one EMF line when the invocation ends.</summary>
    public MetricsWriter Metrics { get; }
}
