using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Lifeguard.Promotion.Tests.Adapters;

/// <summary>
/// A loopback port with just enough of a MySQL server behind it: one that accepts connections and never answers (as
/// the kernel does for a SIGSTOPped mysqld), or one that answers every connection with an error packet in place of
/// its greeting (as mysqld does at max_connections).
/// </summary>
internal sealed class FakeMySqlServer : IAsyncDisposable
{
    private const int MaxConnections = 50;
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting = Task.CompletedTask;

    private FakeMySqlServer(int? errorCode, string message)
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        if (errorCode is { } code)
        {
            _accepting = AnswerAsync(code, message);
        }
    }

    public int Port { get; }

    /// <summary>Completes the TCP handshake (the listen backlog does) and says nothing.</summary>
    public static FakeMySqlServer Silent() => new(null, "");

    /// <summary>Sends ERR <paramref name="code"/> <paramref name="message"/> as the first packet and hangs up.</summary>
    public static FakeMySqlServer Refusing(int code, string message) => new(code, message);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped while waiting for a connection.
        }

        _listener.Dispose();
        _stop.Dispose();
    }

    private async Task AnswerAsync(int code, string message)
    {
        // An error packet before the handshake has no SQL state: 0xFF, the code (2 bytes LE), the message.
        var body = new byte[] { 0xFF, (byte)code, (byte)(code >> 8) }.Concat(Encoding.UTF8.GetBytes(message)).ToArray();
        var packet = new byte[] { (byte)body.Length, (byte)(body.Length >> 8), (byte)(body.Length >> 16), 0 }.Concat(body).ToArray();
        for (var i = 0; i < MaxConnections; i++)
        {
            using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            await client.GetStream().WriteAsync(packet, _stop.Token);
        }
    }
}
