using System.Diagnostics;
using Lifeguard.Runtime.Logging;
using Lifeguard.Runtime.Metrics;
using Microsoft.Extensions.Logging;

namespace Lifeguard.Runtime.Hosting;

/// <summary>
/// The invocation loop: next, handle, respond or report the error, and again. One failing invocation never stops
/// the loop; only a failing Runtime API (the environment is going away) or the shutdown token does.
/// </summary>
internal sealed class LambdaBootstrap(IRuntimeApiClient? client, RegisteredHandler handler, LambdaHostOptions options, JsonLineLogger logger)
{
    public const string TraceIdVariable = "_X_AMZN_TRACE_ID";
    public const string MetricsNamespaceVariable = "LIFEGUARD_METRICS_NAMESPACE";

    private readonly FunctionInfo _function = FunctionInfo.From(options.Environment, handler.Name);

    public bool DryRun { get; init; }

    public bool IsLocal { get; init; }

    public async Task RunAsync(CancellationToken shutdown)
    {
        ArgumentNullException.ThrowIfNull(client);
        while (!shutdown.IsCancellationRequested)
        {
            Invocation invocation;
            try
            {
                invocation = await client.GetNextInvocationAsync(shutdown).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
            {
                return;
            }

            byte[] response;
            try
            {
                response = await InvokeAsync(invocation, shutdown).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                await client.PostErrorAsync(invocation.RequestId, ErrorReport.From(ex), shutdown).ConfigureAwait(false);
                continue;
            }

            await client.PostResponseAsync(invocation.RequestId, response, shutdown).ConfigureAwait(false);
        }
    }

    /// <summary>Runs the handler for one invocation; throws what should be reported as the invocation's error.</summary>
    public async Task<byte[]> InvokeAsync(Invocation invocation, CancellationToken shutdown)
    {
        options.Environment.SetVariable(TraceIdVariable, invocation.TraceId);
        logger.RequestId = invocation.RequestId;
        var metrics = new MetricsWriter(options.Log, options.Environment.GetVariable(MetricsNamespaceVariable) ?? "Lifeguard", options.Time,
            LogLevels.Name(LogLevels.FromEnvironment(options.Environment) is var filter && filter > LogLevel.Information ? filter : LogLevel.Information));
        metrics.SetDimension("Handler", handler.Name);
        metrics.SetProperty("requestId", invocation.RequestId);
        var budget = DeadlineBudget.HandlerBudget(invocation.Deadline - options.Time.GetUtcNow());
        using var deadline = new CancellationTokenSource(budget, options.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(shutdown, deadline.Token);
        var context = new InvocationContext(
            invocation.RequestId, invocation.InvokedFunctionArn, invocation.TraceId, invocation.Deadline,
            _function, DryRun, IsLocal, logger, metrics, options.Time);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await handler.InvokeAsync(invocation.Body, context, linked.Token).ConfigureAwait(false);
            var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            logger.InvocationSucceeded(handler.Name, elapsedMs);
            return result;
        }
        catch (OperationCanceledException ex) when (deadline.IsCancellationRequested && !shutdown.IsCancellationRequested)
        {
            var timeout = new TimeoutException(
                $"'{handler.Name}' did not finish within its budget of {budget.TotalSeconds:0.###} s " +
                $"(the deadline {invocation.Deadline:O} less a safety margin); it should stop early and report what is left.", ex);
            logger.InvocationFailed(timeout, handler.Name);
            throw timeout;
        }
        catch (Exception ex) when (!shutdown.IsCancellationRequested)
        {
            logger.InvocationFailed(ex, handler.Name);
            throw;
        }
        finally
        {
            metrics.Add("Duration", Stopwatch.GetElapsedTime(started).TotalMilliseconds, MetricUnit.Milliseconds);
            metrics.Flush();
        }
    }
}
