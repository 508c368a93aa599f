using System.Net;
using System.Net.Sockets;
using Lifeguard.Promotion.Configuration;
using Lifeguard.Promotion.Domain;

namespace Lifeguard.Promotion.Adapters;

/// <summary>One server as read: its state, or why it could not be read.</summary>
public sealed record NodeRead(NodeConfig Node, NodeState? State, string? Error);

/// <summary>
/// Reads a cluster's servers side by side, each bounded by the connect timeout, and resolves the hosts replicas name
/// as their master, so "replicates from the master" compares addresses, not spellings.
/// </summary>
public sealed class TopologyReader(IDatabase database)
{
    private static readonly TimeSpan ResolveTimeout = TimeSpan.FromSeconds(2);

    public IDatabase Database => database;

    public Task<NodeRead[]> ReadAsync(IEnumerable<NodeConfig> nodes, CancellationToken cancellationToken) =>
        Task.WhenAll(nodes.Select(n => ReadAsync(n, cancellationToken)));

    public async Task<NodeRead> ReadAsync(NodeConfig node, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        try
        {
            var state = await database.ReadStateAsync(node, cancellationToken).ConfigureAwait(false);
            if (state.Replication is { } replication)
            {
                state = state with { Replication = replication with { SourceAddresses = await AddressesAsync(replication.SourceHost, cancellationToken).ConfigureAwait(false) } };
            }

            return new NodeRead(node, state, null);
        }
        catch (Exception ex) when (ex is DatabaseException or TimeoutException or NotSupportedException or InvalidOperationException or FormatException)
        {
            return new NodeRead(node, null, ex.Message);
        }
    }

    /// <summary>The addresses <paramref name="host"/> resolves to, in canonical form (itself when it is an address; none when it does not resolve).</summary>
    public static async Task<IReadOnlyList<string>> AddressesAsync(string host, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        var name = host.TrimEnd('.');
        if (IPAddress.TryParse(name, out var literal))
        {
            return [literal.ToString()];
        }

        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(ResolveTimeout);
        try
        {
            return [.. (await Dns.GetHostAddressesAsync(name, bounded.Token).ConfigureAwait(false)).Select(a => a.ToString())];
        }
        catch (Exception ex) when (ex is SocketException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return [];
        }
    }
}
