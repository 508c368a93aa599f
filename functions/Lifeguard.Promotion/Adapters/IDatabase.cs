using Lifeguard.Promotion.Configuration;
using Lifeguard.Promotion.Domain;

namespace Lifeguard.Promotion.Adapters;

/// <summary>The cluster's servers, as Lifeguard's admin user. Every call is bounded by the connect timeout (plus a wait's own time).</summary>
public interface IDatabase
{
    /// <summary>
    /// Whether the server is up: it answers a query in time, or answers with an error of its own (too many connections:
    /// alive, not dead). Down: connection refused, unreachable, or no answer in time. Throws when it refuses the
    /// credentials, which proves nothing about the master and must be fixed first.
    /// </summary>
    Task<Probe> ProbeAsync(NodeConfig node, CancellationToken cancellationToken);

    Task<NodeState> ReadStateAsync(NodeConfig node, CancellationToken cancellationToken);

    /// <summary>Every row of one query, column name to value as text (null for SQL NULL).</summary>
    Task<IReadOnlyList<Dictionary<string, string?>>> QueryAsync(NodeConfig node, SqlStatement statement, CancellationToken cancellationToken);

    /// <summary>Runs the statements in order on one connection; the first failure stops it.</summary>
    Task ExecuteAsync(NodeConfig node, IReadOnlyList<SqlStatement> statements, CancellationToken cancellationToken);

    /// <summary>A single number (null for SQL NULL), allowing <paramref name="extra"/> beyond the connect timeout for the query.</summary>
    Task<long?> ScalarAsync(NodeConfig node, SqlStatement statement, TimeSpan extra, CancellationToken cancellationToken);
}

/// <param name="Detail">"answers", the server's own error, or why it is down.</param>
public sealed record Probe(bool Up, string Detail);
