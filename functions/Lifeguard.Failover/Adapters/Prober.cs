using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Lifeguard.Failover.Configuration;
using Lifeguard.Failover.Domain;

namespace Lifeguard.Failover.Adapters;

/// <summary>
/// TCP connect, or HTTP(S) GET on a fresh connection each time (a kept-alive connection would hide a server that
/// stopped accepting new ones), no redirects followed, no proxy, at most 5,120 body bytes read.
/// </summary>
public sealed class Prober : IProber, IDisposable
{
    /// <summary>Route 53 looks for the search string in the first 5,120 bytes of the body too.</summary>
    public const int BodyBytes = 5120;

    private readonly TimeProvider _time;

    /// <summary>Each configured status list parsed once, not on every probe.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, StatusRanges> _ranges = new(StringComparer.Ordinal);
    private readonly HttpClient _verifying;
    private readonly HttpClient _trusting;

    public Prober(TimeProvider time)
    {
        _time = time;
        _verifying = new HttpClient(Handler(verifyTls: true)) { Timeout = Timeout.InfiniteTimeSpan };
        _trusting = new HttpClient(Handler(verifyTls: false)) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public async Task<ProbeResult> ProbeAsync(ProbeConfig probe, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var started = _time.GetTimestamp();
        using var timeout = new CancellationTokenSource(probe.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        (bool Healthy, string Detail) outcome;
        try
        {
            outcome = probe.Url is { } url
                ? await HttpAsync(probe, url, linked.Token).ConfigureAwait(false)
                : await TcpAsync(probe.Tcp!, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            outcome = (false, $"timed out after {probe.TimeoutSeconds.ToString(CultureInfo.InvariantCulture)} s");
        }
        catch (HttpRequestException ex)
        {
            outcome = (false, Describe(ex));
        }
        catch (SocketException ex)
        {
            outcome = (false, Describe(ex));
        }
        catch (IOException ex)
        {
            outcome = (false, ex.InnerException is SocketException inner ? Describe(inner) : ex.Message);
        }

        return new ProbeResult(outcome.Healthy, Math.Round(_time.GetElapsedTime(started).TotalMilliseconds, 1), outcome.Detail, _time.GetUtcNow());
    }

    private async Task<(bool, string)> HttpAsync(ProbeConfig probe, Uri url, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.ConnectionClose = true;
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("Lifeguard-HealthCheck", "1.0"));
        if (probe.HostHeader is { } host)
        {
            request.Headers.Host = host;
        }

        var client = probe.VerifyTls ? _verifying : _trusting;
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        var healthyStatus = _ranges.GetOrAdd(probe.Status, text => StatusRanges.Parse(text, "probe.status")).Contains(status);
        if (!healthyStatus || probe.Body is null)
        {
            return (healthyStatus, $"HTTP {status}");
        }

        var body = await ReadPrefixAsync(response, cancellationToken).ConfigureAwait(false);
        return body.Contains(probe.Body, StringComparison.Ordinal)
            ? (true, $"HTTP {status}, body has '{probe.Body}'")
            : (false, $"HTTP {status}, body lacks '{probe.Body}'");
    }

    private static async Task<string> ReadPrefixAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var buffer = new byte[BodyBytes];
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var read = await stream.ReadAtLeastAsync(buffer, BodyBytes, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            return System.Text.Encoding.UTF8.GetString(buffer, 0, read);
        }
    }

    private static async Task<(bool, string)> TcpAsync(string endpoint, CancellationToken cancellationToken)
    {
        var (host, port) = FailoverGroupValidator.TcpEndpoint(endpoint) ?? throw new InvalidOperationException($"probe.tcp: '{endpoint}' is not host:port.");
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
        return (true, "TCP connected");
    }

    private static string Describe(HttpRequestException ex) => ex.InnerException switch
    {
        SocketException socket => Describe(socket),
        IOException { InnerException: SocketException socket } => Describe(socket),
        System.Security.Authentication.AuthenticationException auth => $"TLS: {auth.Message}",
        _ => ex.HttpRequestError == HttpRequestError.Unknown ? ex.Message : $"{ex.HttpRequestError}: {ex.Message}",
    };

    private static string Describe(SocketException ex) => ex.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.ConnectionReset => "connection reset",
        SocketError.HostUnreachable or SocketError.NetworkUnreachable => "unreachable",
        SocketError.HostNotFound => "host not found",
        SocketError.TimedOut => "connect timed out",
        _ => ex.SocketErrorCode.ToString(),
    };

    private static SocketsHttpHandler Handler(bool verifyTls)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.Zero,
            AutomaticDecompression = DecompressionMethods.None,
        };
        if (!verifyTls)
        {
            // Route 53's HTTPS health checks do not validate certificates either (see ProbeConfig.VerifyTls).
#pragma warning disable CA5359 // Deliberate and per probe: verifyTls turns validation on.
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
#pragma warning restore CA5359
        }

        return handler;
    }

    public void Dispose()
    {
        _verifying.Dispose();
        _trusting.Dispose();
    }
}
