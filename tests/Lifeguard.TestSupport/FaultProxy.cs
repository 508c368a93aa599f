using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Lifeguard.TestSupport;

/// <summary>
/// A loopback HTTP proxy in front of a real server (moto) that injects faults from a script, one per request, then
/// passes everything through. It counts what reached the server, so a test can tell a call was never sent twice.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private static readonly TimeSpan SlowAnswer = TimeSpan.FromSeconds(10);
    private readonly WebApplication _app;
    private readonly Uri _upstream;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromMinutes(1) };
    private readonly ConcurrentQueue<Fault> _script = new();
    private int _received;
    private int _forwarded;
    private readonly ConcurrentDictionary<string, int> _actions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _succeeded = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _upstreamTicks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private int _throttled;

    private FaultProxy(WebApplication app, Uri upstream)
    {
        _app = app;
        _upstream = upstream;
    }

    public Uri Endpoint { get; private set; } = new("http://127.0.0.1:0");

    /// <summary>Requests that arrived at the proxy.</summary>
    public int Received => _received;

    /// <summary>Requests that reached the real server.</summary>
    public int Forwarded => _forwarded;

    /// <summary>Requests that reached the real server, by API action (query `Action` or json `X-Amz-Target`).</summary>
    public IReadOnlyDictionary<string, int> ForwardedActions => _actions;

    /// <summary>Per action, the forwarded calls the upstream answered with success (2xx): what it actually did.</summary>
    public IReadOnlyDictionary<string, int> SucceededActions => _succeeded;

    /// <summary>Time the real server spent answering, by API action (to tell the server's cost from the client's).</summary>
    public TimeSpan UpstreamTime(string action) => TimeSpan.FromTicks(_upstreamTicks.GetValueOrDefault(action));

    /// <summary>Requests refused by a rate limit (<see cref="LimitRate"/>).</summary>
    public int Throttled => _throttled;

    /// <summary>When the script is empty: Pass, or this fault for ever.</summary>
    public Fault Otherwise { get; set; } = Fault.Pass;

    public static async Task<FaultProxy> StartAsync(Uri upstream)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var proxy = new FaultProxy(app, upstream);
        app.Run(proxy.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        proxy.Endpoint = new Uri(app.Urls.Single());
        return proxy;
    }

    /// <summary>
    /// Enforces a token bucket on one API action, as EC2 does (CreateSnapshot and DeleteSnapshot: 100 burst, 5 per
    /// second): a call with no token left is answered 503 RequestLimitExceeded and not forwarded.
    /// </summary>
    public FaultProxy LimitRate(string action, int burst, double refillPerSecond)
    {
        _buckets[action] = new Bucket(burst, refillPerSecond);
        return this;
    }

    public FaultProxy Then(params Fault[] faults)
    {
        foreach (var fault in faults)
        {
            _script.Enqueue(fault);
        }

        return this;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _http.Dispose();
    }

    private async Task HandleAsync(HttpContext http)
    {
        Interlocked.Increment(ref _received);
        using var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body).ConfigureAwait(false);
        var action = Action(http.Request, body.ToArray());
        if (_buckets.TryGetValue(action, out var bucket) && !bucket.TryTake())
        {
            Interlocked.Increment(ref _throttled);
            await AnswerAsync(http, 503, "RequestLimitExceeded", "Request limit exceeded.").ConfigureAwait(false);
            return;
        }

        var fault = _script.TryDequeue(out var next) ? next : Otherwise;
        switch (fault)
        {
            case Fault.Throttle:
                await AnswerAsync(http, 503, "RequestLimitExceeded", "Request limit exceeded.").ConfigureAwait(false);
                return;
            case Fault.ServerError:
                await AnswerAsync(http, 500, "InternalError", "An internal error has occurred.").ConfigureAwait(false);
                return;
            case Fault.Drop:
                http.Abort();
                return;
        }

        using var forward = new HttpRequestMessage(new HttpMethod(http.Request.Method), new Uri(_upstream, http.Request.Path + http.Request.QueryString));
        forward.Content = new ByteArrayContent(body.ToArray());
        foreach (var (name, values) in http.Request.Headers)
        {
            if (!forward.Headers.TryAddWithoutValidation(name, (IEnumerable<string>)values))
            {
                forward.Content.Headers.TryAddWithoutValidation(name, (IEnumerable<string>)values);
            }
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var answer = await _http.SendAsync(forward).ConfigureAwait(false);
        var content = await answer.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
        _upstreamTicks.AddOrUpdate(action, System.Diagnostics.Stopwatch.GetElapsedTime(started).Ticks, (_, t) => t + System.Diagnostics.Stopwatch.GetElapsedTime(started).Ticks);
        Interlocked.Increment(ref _forwarded);
        _actions.AddOrUpdate(action, 1, (_, n) => n + 1);
        if (answer.IsSuccessStatusCode)
        {
            _succeeded.AddOrUpdate(action, 1, (_, n) => n + 1);
        }
        if (fault == Fault.DropAfterForward)
        {
            http.Abort();
            return;
        }

        if (fault == Fault.Slow)
        {
            try
            {
                await Task.Delay(SlowAnswer, http.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        http.Response.StatusCode = (int)answer.StatusCode;
        foreach (var (name, values) in answer.Headers.Concat(answer.Content.Headers))
        {
            if (!string.Equals(name, "Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                http.Response.Headers[name] = values.ToArray();
            }
        }

        if (fault == Fault.SlowBody)
        {
            var half = content.Length / 2;
            await http.Response.Body.WriteAsync(content.AsMemory(0, half)).ConfigureAwait(false);
            await http.Response.Body.FlushAsync().ConfigureAwait(false);
            try
            {
                await Task.Delay(SlowAnswer, http.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            content = content[half..];
        }

        await http.Response.Body.WriteAsync(content).ConfigureAwait(false);
    }

    /// <summary>EC2's bucket: starts full, refills continuously, never above its capacity.</summary>
    private sealed class Bucket(int capacity, double refillPerSecond)
    {
        private readonly Lock _gate = new();
        private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
        private double _tokens = capacity;
        private TimeSpan _last;

        public bool TryTake()
        {
            lock (_gate)
            {
                var now = _clock.Elapsed;
                _tokens = Math.Min(capacity, _tokens + ((now - _last).TotalSeconds * refillPerSecond));
                _last = now;
                if (_tokens < 1)
                {
                    return false;
                }

                _tokens -= 1;
                return true;
            }
        }
    }

    private static string Action(HttpRequest request, byte[] body)
    {
        if (request.Headers.TryGetValue("X-Amz-Target", out var target))
        {
            return target.ToString();
        }

        var form = System.Text.Encoding.UTF8.GetString(body);
        var action = form.Split('&').FirstOrDefault(p => p.StartsWith("Action=", StringComparison.Ordinal));
        return action is null ? $"{request.Method} {request.Path}" : Uri.UnescapeDataString(action["Action=".Length..]);
    }

    private static async Task AnswerAsync(HttpContext http, int status, string code, string message)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/xml";
        await http.Response.WriteAsync(
            $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Errors><Error><Code>{code}</Code><Message>{message}</Message></Error></Errors><RequestID>fault-{Guid.NewGuid():N}</RequestID></Response>")
            .ConfigureAwait(false);
    }
}
