using Lifeguard.Promotion.Adapters;
using Lifeguard.Promotion.Configuration;
using Lifeguard.Promotion.Domain;

namespace Lifeguard.Promotion.Actions;

/// <param name="Answered">The server answered at all.</param>
/// <param name="Fenced">It takes no more writes: made read only (super_read_only on MySQL) with its clients cut off, or its instance is stopping.</param>
/// <param name="Written">Every transaction it wrote (its executed GTIDs), read back once it was read only; null when it was not.</param>
public sealed record FenceResult(bool Answered, bool Fenced, string Detail, string? Written = null);

/// <summary>
/// Makes an old master take no more writes. If it answers: its client connections are ended first (a running write
/// would hold SET GLOBAL read_only back, and an open connection keeps writing for a SUPER user), then read_only (MySQL:
/// super_read_only, without which SUPER users still write), then any connection that slipped in meanwhile, then a read
/// back. When configured, its instance is stopped as well (STONITH), which also covers a server that does not answer.
/// </summary>
public static class Fencing
{
    public static async Task<FenceResult> FenceAsync(IDatabase database, NodeConfig node, bool stopInstance, IInstanceStopper instances, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(instances);
        var result = await ReadOnlyAsync(database, node, cancellationToken).ConfigureAwait(false);
        if (!stopInstance || node.InstanceId is not { } instance)
        {
            return result;
        }

        try
        {
            var state = await instances.StopAsync(instance, cancellationToken).ConfigureAwait(false);
            return result with { Fenced = true, Detail = $"{result.Detail}; instance {instance} stopping ({state})" };
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return result with { Detail = $"{result.Detail}; WARNING: instance {instance} could not be stopped: {ex.Message}" };
        }
    }

    private static async Task<FenceResult> ReadOnlyAsync(IDatabase database, NodeConfig node, CancellationToken cancellationToken)
    {
        try
        {
            if (await database.ProbeAsync(node, cancellationToken).ConfigureAwait(false) is { Up: false } down)
            {
                return new FenceResult(false, false, $"{node} does not answer ({down.Detail}); it is fenced when it answers again (its alarm returning to OK, or \"action\": \"fence\")");
            }

            var state = await database.ReadStateAsync(node, cancellationToken).ConfigureAwait(false);
            var killed = await KillClientsAsync(database, node, cancellationToken).ConfigureAwait(false);
            if (!state.Fenced)
            {
                await database.ExecuteAsync(node, StatementPlanner.Fence(state.Version.Dialect), cancellationToken).ConfigureAwait(false);
            }

            killed += await KillClientsAsync(database, node, cancellationToken).ConfigureAwait(false);
            var after = await database.ReadStateAsync(node, cancellationToken).ConfigureAwait(false);
            var clients = killed == 0 ? "no client connections" : $"{killed} client connection{(killed == 1 ? "" : "s")} ended";
            var warning = after.Version.Dialect == Dialect.MariaDb
                ? $"; note: users with {(after.Version.Number < new Version(10, 11) ? "SUPER" : "READ ONLY ADMIN (part of ALL PRIVILEGES)")} still write to a read-only MariaDB server; their connections were ended, but give the application no such privilege"
                : "";
            return after.Fenced
                ? new FenceResult(true, true, $"{node} answered: {(state.Fenced ? "already read only" : "now read only")}{(after.Version.Dialect == Dialect.MySql ? " (super_read_only)" : "")}, {clients}{warning}", after.ExecutedGtids)
                : new FenceResult(true, false, $"{node} answered but is still writable after {string.Join("; ", StatementPlanner.Fence(after.Version.Dialect))}");
        }
        catch (Exception ex) when (ex is DatabaseException or TimeoutException or NotSupportedException)
        {
            return new FenceResult(true, false, $"{node} could not be made read only: {ex.Message}");
        }
    }

    private static async Task<int> KillClientsAsync(IDatabase database, NodeConfig node, CancellationToken cancellationToken)
    {
        var connections = await database.QueryAsync(node, StatementPlanner.ClientConnections, cancellationToken).ConfigureAwait(false);
        var killed = 0;
        foreach (var id in connections.Select(c => long.Parse(c["ID"]!, System.Globalization.CultureInfo.InvariantCulture)))
        {
            try
            {
                await database.ExecuteAsync(node, [StatementPlanner.Kill(id)], cancellationToken).ConfigureAwait(false);
                killed++;
            }
            catch (DatabaseException)
            {
                // Ended on its own meanwhile (unknown thread id).
            }
        }

        return killed;
    }
}
