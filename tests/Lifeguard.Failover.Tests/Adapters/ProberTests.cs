using System.Net;
using System.Net.Sockets;
using Lifeguard.Failover.Adapters;
using Lifeguard.Failover.Configuration;
using Lifeguard.TestSupport;

namespace Lifeguard.Failover.Tests.Adapters;

/// <summary>Probes against real servers on 127.0.0.2: a healthy one, a failing one, a wrong body, a slow one, a closed port.</summary>
[Trait("Category", "Integration")]
public sealed class ProberTests : IAsyncLifetime
{
    private static readonly IPAddress Lb1 = IPAddress.Parse("127.0.0.2");
    private readonly Prober _prober = new(TimeProvider.System);
    private HealthServer _server = null!;

    public async Task InitializeAsync() => _server = await HealthServer.StartAsync(Lb1);

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _prober.Dispose();
    }

    [Theory]
    [InlineData(HealthMode.Ok, null, true, "HTTP 200")]
    [InlineData(HealthMode.Ok, "OK", true, "HTTP 200, body has 'OK'")]
    [InlineData(HealthMode.ServerError, null, false, "HTTP 500")]
    [InlineData(HealthMode.WrongBody, "OK", false, "HTTP 200, body lacks 'OK'")]
    [InlineData(HealthMode.WrongBody, null, true, "HTTP 200")]
    public async Task ProbeAsync_Http_JudgesStatusAndBody(HealthMode mode, string? body, bool healthy, string detail)
    {
        _server.Mode = mode;

        var result = await _prober.ProbeAsync(new ProbeConfig { Url = _server.Url, Body = body }, CancellationToken.None);

        Assert.Equal((healthy, detail), (result.Healthy, result.Detail));
        Assert.InRange(result.LatencyMs, 0, 3000);
    }

    [Fact]
    public async Task ProbeAsync_StatusOutsideADefaultRangeButInTheConfiguredOne_IsHealthy()
    {
        _server.Mode = HealthMode.ServerError;

        var result = await _prober.ProbeAsync(new ProbeConfig { Url = _server.Url, Status = "200,500-503" }, CancellationToken.None);

        Assert.True(result.Healthy);
    }

    [Fact]
    public async Task ProbeAsync_SlowerThanTheTimeout_FailsAtTheTimeout()
    {
        _server.Mode = HealthMode.Slow;

        var result = await _prober.ProbeAsync(new ProbeConfig { Url = _server.Url, TimeoutSeconds = 0.3 }, CancellationToken.None);

        Assert.Equal((false, "timed out after 0.3 s"), (result.Healthy, result.Detail));
        Assert.InRange(result.LatencyMs, 250, 5000);
    }

    [Fact]
    public async Task ProbeAsync_KilledServer_IsConnectionRefused()
    {
        await _server.StopAsync();

        var http = await _prober.ProbeAsync(new ProbeConfig { Url = _server.Url }, CancellationToken.None);
        var tcp = await _prober.ProbeAsync(new ProbeConfig { Tcp = _server.Endpoint }, CancellationToken.None);

        Assert.Equal((false, "connection refused"), (http.Healthy, http.Detail));
        Assert.Equal((false, "connection refused"), (tcp.Healthy, tcp.Detail));
    }

    [Fact]
    public async Task ProbeAsync_TcpListener_Connects()
    {
        using var listener = new TcpListener(Lb1, 0);
        listener.Start();

        var result = await _prober.ProbeAsync(new ProbeConfig { Tcp = $"127.0.0.2:{((IPEndPoint)listener.LocalEndpoint).Port}" }, CancellationToken.None);

        Assert.Equal((true, "TCP connected"), (result.Healthy, result.Detail));
    }

    [Fact]
    public async Task ProbeAsync_EachProbe_OpensAFreshConnection()
    {
        for (var i = 0; i < 3; i++)
        {
            await _prober.ProbeAsync(new ProbeConfig { Url = _server.Url }, CancellationToken.None);
        }

        await _server.StopAsync();
        var result = await _prober.ProbeAsync(new ProbeConfig { Url = _server.Url }, CancellationToken.None);

        Assert.False(result.Healthy);
        Assert.Equal(3, _server.Requests);
    }
}
