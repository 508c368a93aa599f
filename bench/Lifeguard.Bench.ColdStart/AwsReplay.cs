using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Lifeguard.Bench.ColdStart;

/// <summary>
/// An AWS endpoint on loopback that asks moto once and then answers every identical request itself, from memory. moto
/// is Python and takes tens of milliseconds a call on this machine, more than a native function needs to start; with
/// this in front, the cold start measured is the function's own. It holds because every benchmark invocation changes
/// nothing, so moto would answer the same again; the warm-up run of each function records the answers. A request is the
/// same when method, path, query, X-Amz-Target and body are; an SNS Publish (its text carries timings) when its topic is.
/// </summary>
internal sealed class AwsReplay : IAsyncDisposable
{
    private static readonly HashSet<string> SkippedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Transfer-Encoding", "Connection", "Keep-Alive", "Date", "Server", "Content-Length",
    };

    private readonly WebApplication _app;
    private readonly HttpClient _moto;
    private readonly Dictionary<string, Answer> _answers = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);

    private AwsReplay(WebApplication app, Uri moto)
    {
        _app = app;
        _moto = new HttpClient { BaseAddress = moto, Timeout = TimeSpan.FromMinutes(1) };
    }

    public Uri Endpoint { get; private set; } = new("http://127.0.0.1:0");

    public int Recorded => _answers.Count;

    public int Replayed { get; private set; }

    public static async Task<AwsReplay> StartAsync(Uri moto)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var replay = new AwsReplay(app, moto);
        app.Run(replay.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        replay.Endpoint = new Uri(app.Urls.Single());
        return replay;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _moto.Dispose();
        _gate.Dispose();
    }

    private async Task HandleAsync(HttpContext http)
    {
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted).ConfigureAwait(false);
        var body = buffer.ToArray();
        var key = Key(http.Request, body);
        Answer? answer;
        await _gate.WaitAsync(http.RequestAborted).ConfigureAwait(false);
        try
        {
            if (_answers.TryGetValue(key, out answer))
            {
                Replayed++;
            }
            else
            {
                answer = await AskMotoAsync(http.Request, body, http.RequestAborted).ConfigureAwait(false);
                _answers[key] = answer;
            }
        }
        finally
        {
            _gate.Release();
        }

        http.Response.StatusCode = answer.Status;
        foreach (var (name, value) in answer.Headers)
        {
            http.Response.Headers[name] = value;
        }

        http.Response.ContentLength = answer.Body.Length;
        await http.Response.Body.WriteAsync(answer.Body, http.RequestAborted).ConfigureAwait(false);
    }

    private async Task<Answer> AskMotoAsync(HttpRequest request, byte[] body, CancellationToken cancellationToken)
    {
        using var forward = new HttpRequestMessage(new HttpMethod(request.Method), request.Path + request.QueryString) { Content = new ByteArrayContent(body) };
        foreach (var (name, value) in request.Headers)
        {
            if (name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
            {
                forward.Content.Headers.TryAddWithoutValidation(name, value.ToArray());
            }
            else if (!SkippedHeaders.Contains(name) && !name.Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                forward.Headers.TryAddWithoutValidation(name, value.ToArray());
            }
        }

        using var response = await _moto.SendAsync(forward, cancellationToken).ConfigureAwait(false);
        var headers = response.Headers.Concat(response.Content.Headers)
            .Where(h => !SkippedHeaders.Contains(h.Key))
            .Select(h => (h.Key, string.Join(",", h.Value)))
            .ToList();
        return new Answer((int)response.StatusCode, headers, await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false));
    }

    private static string Key(HttpRequest request, byte[] body)
    {
        var text = Encoding.UTF8.GetString(body);
        if (text.Contains("Action=Publish", StringComparison.Ordinal))
        {
            text = string.Join('&', text.Split('&').Where(p => p.StartsWith("Action=", StringComparison.Ordinal) || p.StartsWith("TopicArn=", StringComparison.Ordinal)));
        }

        return $"{request.Method} {request.Path}{request.QueryString} {request.Headers["X-Amz-Target"]} {text}";
    }

    private sealed record Answer(int Status, List<(string Name, string Value)> Headers, byte[] Body);
}
