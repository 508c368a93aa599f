using Lifeguard.Promotion.Configuration;
using Lifeguard.Promotion.Domain;

namespace Lifeguard.Promotion.Adapters;

/// <summary>The cluster's servers, as Lifeguard's admin user. Every call is bounded by the connect timeout (plus a wait's own time).</summary>
public interface IDatabase
{
    /// <summary>Null when the server connects and answers a query in time; otherwise what went wrong.</summary>
    Task<string?> ProbeAsync(NodeConfig node, CancellationToken cancellationToken);

    Task<NodeState> ReadStateAsync(NodeConfig node, CancellationToken cancellationToken);

    /// <summary>Runs the statements in order on one connection; the first failure stops it.</summary>
    Task ExecuteAsync(NodeConfig node, IReadOnlyList<SqlStatement> statements, CancellationToken cancellationToken);

    /// <summary>A single number (null for SQL NULL), allowing <paramref name="extra"/> beyond the connect timeout for the query.</summary>
    Task<long?> ScalarAsync(NodeConfig node, SqlStatement statement, TimeSpan extra, CancellationToken cancellationToken);
}
