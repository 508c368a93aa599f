using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Lifeguard.TestSupport;

/// <summary>How a <see cref="HealthServer"/> answers GET /health.</summary>
public enum HealthMode
{
    /// <summary>200 "OK".</summary>
    Ok,

    /// <summary>500 "error".</summary>
    ServerError,

    /// <summary>200 "maintenance" (a body check for "OK" fails).</summary>
    WrongBody,

    /// <summary>Answers only after 30 s, so a probe times out.</summary>
    Slow,
}

/// <summary>
/// A real HTTP server on a loopback address (127.0.0.2 and 127.0.0.3 play LB1 and LB2), whose answer a test sets, and
/// which a test can kill (nothing listens on the port any more, connections are refused) and bring back on the same port.
/// </summary>
public sealed class HealthServer : IAsyncDisposable
{
    private WebApplication? _app;

    private HealthServer(IPAddress address, int port)
    {
        Address = address;
        Port = port;
    }

    public IPAddress Address { get; }

    public int Port { get; }

    public HealthMode Mode { get; set; }

    public int Requests => _requests;

    public Uri Url => new($"http://{Address}:{Port}/health");

    /// <summary>"127.0.0.2:41234", for a TCP probe.</summary>
    public string Endpoint => $"{Address}:{Port}";

    private int _requests;

    public static async Task<HealthServer> StartAsync(IPAddress address)
    {
        var server = new HealthServer(address, FreePort.Next(address));
        await server.StartAsync().ConfigureAwait(false);
        return server;
    }

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(o => o.Listen(Address, Port));
        var app = builder.Build();
        app.Run(HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        _app = app;
    }

    /// <summary>Kills it: the port stops listening.</summary>
    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync().ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        switch (Mode)
        {
            case HealthMode.ServerError:
                context.Response.StatusCode = 500;
                await context.Response.WriteAsync("error").ConfigureAwait(false);
                break;
            case HealthMode.WrongBody:
                await context.Response.WriteAsync("maintenance").ConfigureAwait(false);
                break;
            case HealthMode.Slow:
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                await context.Response.WriteAsync("OK").ConfigureAwait(false);
                break;
            default:
                await context.Response.WriteAsync("OK").ConfigureAwait(false);
                break;
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync());
}
