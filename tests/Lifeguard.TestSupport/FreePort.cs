using System.Net;
using System.Net.Sockets;

namespace Lifeguard.TestSupport;

public static class FreePort
{
    /// <summary>A TCP port free on loopback right now (the OS picks it; another process could still take it).</summary>
    public static int Next(IPAddress? address = null)
    {
        using var listener = new TcpListener(address ?? IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
