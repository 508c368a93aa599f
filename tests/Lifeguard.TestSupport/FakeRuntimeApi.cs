using System.Globalization;
using System.Net;
using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lifeguard.TestSupport;

/// <summary>
/// The Lambda Runtime API on a free loopback port: hands out queued invocations on GET /next (long-polling
/// when the queue is empty, as Lambda does) and records every call with its headers and body.
/// </summary>
public sealed class FakeRuntimeApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<QueuedInvocation> _queue = Channel.CreateUnbounded<QueuedInvocation>();
    private readonly Lock _gate = new();
    private readonly List<RecordedCall> _calls = [];
    private readonly List<long> _arrivals = [];
    private readonly SemaphoreSlim _callArrived = new(0);
    private int _polling;

    private FakeRuntimeApi(WebApplication app) => _app = app;

    /// <summary>host:port, the value of AWS_LAMBDA_RUNTIME_API.</summary>
    public string Address { get; private set; } = string.Empty;

    public IReadOnlyList<RecordedCall> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    /// <summary>When each of <see cref="Calls"/> had arrived in full, as <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/> values (the cold-start benchmark's clock).</summary>
    public IReadOnlyList<long> Arrivals
    {
        get
        {
            lock (_gate)
            {
                return [.. _arrivals];
            }
        }
    }

    public static async Task<FakeRuntimeApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var fake = new FakeRuntimeApi(app);
        app.Run(fake.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        fake.Address = new Uri(app.Urls.Single()).Authority;
        return fake;
    }

    public void Enqueue(string requestId, string body, DateTimeOffset deadline, string? traceId = null) =>
        _queue.Writer.TryWrite(new QueuedInvocation(requestId, body, deadline, traceId));

    /// <summary>Waits until at least <paramref name="count"/> calls arrived, or fails after <paramref name="timeout"/>.</summary>
    public async Task<IReadOnlyList<RecordedCall>> WaitForCallsAsync(int count, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (Calls.Count < count)
        {
            try
            {
                await _callArrived.WaitAsync(cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Expected {count} Runtime API calls within {timeout}, got: {string.Join(" | ", Calls)}");
            }
        }

        return Calls;
    }

    /// <summary>
    /// Waits until no GET /next is held open, such as the long poll of a function process just killed: until the
    /// server has seen that connection go, that poll would take the next invocation queued and answer a dead socket.
    /// </summary>
    public async Task WaitUntilNobodyPollsAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (Volatile.Read(ref _polling) > 0)
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(5), cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"A GET /next was still held open after {timeout}.");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _callArrived.Dispose();
    }

    private async Task HandleAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(http.RequestAborted).ConfigureAwait(false);
        var arrived = System.Diagnostics.Stopwatch.GetTimestamp();
        var headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        lock (_gate)
        {
            _calls.Add(new RecordedCall(http.Request.Method, http.Request.Path.Value ?? string.Empty, headers, body));
            _arrivals.Add(arrived);
        }

        _callArrived.Release();
        if (http.Request.Method == "GET" && http.Request.Path == "/2018-06-01/runtime/invocation/next")
        {
            QueuedInvocation next;
            Interlocked.Increment(ref _polling);
            try
            {
                next = await _queue.Reader.ReadAsync(http.RequestAborted).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
            {
                http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }
            finally
            {
                Interlocked.Decrement(ref _polling);
            }

            http.Response.Headers["Lambda-Runtime-Aws-Request-Id"] = next.RequestId;
            http.Response.Headers["Lambda-Runtime-Deadline-Ms"] = next.Deadline.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
            http.Response.Headers["Lambda-Runtime-Invoked-Function-Arn"] = "arn:aws:lambda:us-east-1:123456789012:function:test";
            if (next.TraceId is not null)
            {
                http.Response.Headers["Lambda-Runtime-Trace-Id"] = next.TraceId;
            }

            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(next.Body, http.RequestAborted).ConfigureAwait(false);
            return;
        }

        http.Response.StatusCode = StatusCodes.Status202Accepted;
    }

    private sealed record QueuedInvocation(string RequestId, string Body, DateTimeOffset Deadline, string? TraceId);
}
