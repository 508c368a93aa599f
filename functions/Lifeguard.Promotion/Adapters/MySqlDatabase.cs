using System.Globalization;
using System.Net.Sockets;
using Lifeguard.Promotion.Configuration;
using Lifeguard.Promotion.Domain;
using MySqlConnector;

namespace Lifeguard.Promotion.Adapters;

/// <summary>
/// MySqlConnector, async throughout. Connecting is bounded by the timeout, so is each statement (plus a wait's own
/// time), and so is the whole call (connect + statements + one more timeout). No pooling: a Lambda talks to each
/// server a few times, and a dead server must not leave a dead pooled connection behind.
/// </summary>
public sealed class MySqlDatabase(string user, string password, TimeSpan timeout) : IDatabase
{
    private static readonly Dictionary<string, object> NoParameters = [];

    public async Task<Probe> ProbeAsync(NodeConfig node, CancellationToken cancellationToken)
    {
        try
        {
            await RunAsync(node, TimeSpan.Zero, (connection, token) => StatementAsync(connection, new SqlStatement("SELECT 1"), TimeSpan.Zero, static (command, t) => command.ExecuteScalarAsync(t), token), cancellationToken).ConfigureAwait(false);
            return new Probe(true, "answers");
        }
        catch (TimeoutException ex)
        {
            return new Probe(false, ex.Message);
        }
        catch (DatabaseException ex) when (ex.InnerException is MySqlException { ErrorCode: MySqlErrorCode.AccessDenied or MySqlErrorCode.DatabaseAccessDenied })
        {
            throw new DatabaseException($"{ex.Message}. The server is up but refuses Lifeguard's credentials: fix the secret.", ex.InnerException);
        }
        catch (DatabaseException ex) when (ex.InnerException is MySqlException server && (int)server.ErrorCode > 0 && server.ErrorCode != MySqlErrorCode.UnableToConnectToHost)
        {
            // The server's own error (too many connections, host blocked, shutting down): it is alive.
            return new Probe(true, $"answers with error {(int)server.ErrorCode}: {server.Message}");
        }
        catch (DatabaseException ex)
        {
            // Refused, unreachable, no answer to the handshake in time (MySqlConnector's 1042), or cut off.
            return new Probe(false, ex.Message);
        }
    }

    public Task<NodeState> ReadStateAsync(NodeConfig node, CancellationToken cancellationToken) => RunAsync(node, TimeSpan.Zero, async (connection, token) =>
    {
        var text = await StatementAsync(connection, StatementPlanner.Version, TimeSpan.Zero, static (command, t) => command.ExecuteScalarAsync(t), token).ConfigureAwait(false);
        var version = ServerVersion.Parse(Convert.ToString(text, CultureInfo.InvariantCulture) ?? "");
        var variables = StatementPlanner.Variables(version.Dialect);
        var flags = (await RowsAsync(connection, variables, token).ConfigureAwait(false)) is [var first, ..] ? first : throw new DatabaseException($"{variables.Text}: no row");
        // MariaDB lists every replication connection; Lifeguard manages the default one (no name).
        var status = (await RowsAsync(connection, StatementPlanner.ReplicationStatus(version.Dialect), token).ConfigureAwait(false))
            .FirstOrDefault(r => r.GetValueOrDefault("Connection_name") is null or "");
        if (status is not null && StatementPlanner.Heartbeats(version.Dialect) is { } heartbeats)
        {
            status["Slave_received_heartbeats"] = (await RowsAsync(connection, heartbeats, token).ConfigureAwait(false)) is [var beats, ..] ? beats.Values.FirstOrDefault() : null;
        }

        return new NodeState(node, version, Flag(flags["read_only"]), Flag(flags["log_bin"]), Flag(flags["log_replica_updates"]),
            status is null ? null : ReplicationStatus.FromRow(version.Dialect, status))
        {
            SuperReadOnly = Flag(flags["super_read_only"]),
            ExecutedGtids = (flags["executed_gtids"] ?? "").ReplaceLineEndings(""),
            ReplicatedGtids = flags["replicated_gtids"] ?? "",
            NetTimeoutSeconds = int.TryParse(flags["net_timeout"], CultureInfo.InvariantCulture, out var net) ? net : 0,
            GtidStrict = Flag(flags["gtid_strict"]),
            ServerUuid = flags.GetValueOrDefault("server_uuid") ?? "",
        };
    }, cancellationToken);

    public Task<IReadOnlyList<Dictionary<string, string?>>> QueryAsync(NodeConfig node, SqlStatement statement, CancellationToken cancellationToken) =>
        RunAsync(node, TimeSpan.Zero, (connection, token) => RowsAsync(connection, statement, token), cancellationToken);

    public Task ExecuteAsync(NodeConfig node, IReadOnlyList<SqlStatement> statements, CancellationToken cancellationToken) => RunAsync(node, TimeSpan.Zero, async (connection, token) =>
    {
        foreach (var statement in statements)
        {
            await StatementAsync(connection, statement, TimeSpan.Zero, static (command, t) => command.ExecuteNonQueryAsync(t), token).ConfigureAwait(false);
        }

        return true;
    }, cancellationToken);

    public Task<long?> ScalarAsync(NodeConfig node, SqlStatement statement, TimeSpan extra, CancellationToken cancellationToken) => RunAsync(node, extra, async (connection, token) =>
        await StatementAsync(connection, statement, extra, static (command, t) => command.ExecuteScalarAsync(t), token).ConfigureAwait(false) is { } value and not DBNull
            ? Convert.ToInt64(value, CultureInfo.InvariantCulture)
            : (long?)null, cancellationToken);

    private async Task<T> RunAsync<T>(NodeConfig node, TimeSpan extra, Func<MySqlConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        var budget = timeout + extra + timeout;
        var call = CallAsync(node, budget, work, cancellationToken);
        try
        {
            // Returns at once when cancelled: the driver itself would still wait for the command timeout, because a
            // statement that is cancelled but gets no answer to its KILL QUERY runs on until then.
            return await call.WaitAsync(budget, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException) when (!call.IsCompleted)
        {
            Abandon(call);
            throw NoAnswer(node, budget);
        }
        catch (TimeoutException)
        {
            // It ended as its time ran out (or a statement of its own timed out): its own outcome stands.
            return await call.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Abandon(call);
            throw;
        }
    }

    private async Task<T> CallAsync<T>(NodeConfig node, TimeSpan budget, Func<MySqlConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        // The driver's token, cancelled with the caller's or at the budget, so an abandoned call starts no further
        // statement. Relayed by CancelAsync: MySqlConnector cancels a running statement by a KILL QUERY it sends over a
        // new connection inside the token's callback, synchronously, and the caller's Cancel must not wait for that
        // (three seconds against a hung server).
        using var stop = new CancellationTokenSource(budget);
        using var relay = cancellationToken.UnsafeRegister(static source => _ = ((CancellationTokenSource)source!).CancelAsync(), stop);
        var connection = new MySqlConnection(ConnectionString(node));
        await using (connection.ConfigureAwait(false))
        {
            try
            {
                await connection.OpenAsync(stop.Token).ConfigureAwait(false);
            }
            // InvalidOperationException: MySqlConnector's MySqlProtocolException, a handshake that made no sense (a
            // half-dead proxy, the wrong port); the node is as unusable as one that does not answer.
            catch (Exception ex) when (ex is MySqlException or IOException or SocketException or InvalidOperationException)
            {
                throw new DatabaseException($"{node}: could not connect: {Describe(ex)}", ex);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The budget ran out during the handshake: no answer, as for a statement.
                throw NoAnswer(node, budget);
            }

            try
            {
                return await work(connection, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw NoAnswer(node, budget);
            }
            catch (TimeoutException ex)
            {
                throw new TimeoutException($"{node}: {ex.Message}", ex.InnerException);
            }
            catch (Exception ex) when (ex is DatabaseException or MySqlException or IOException or SocketException or InvalidOperationException or NotSupportedException or FormatException or InvalidCastException)
            {
                throw new DatabaseException($"{node}: {ex.Message}", ex is DatabaseException ? ex.InnerException : ex);
            }
        }
    }

    private string ConnectionString(NodeConfig node) => new MySqlConnectionStringBuilder
    {
        Server = node.Host,
        Port = (uint)node.Port,
        UserID = user,
        Password = password,
        ConnectionTimeout = (uint)Seconds(timeout),
        DefaultCommandTimeout = (uint)Seconds(timeout),
        // A statement past its timeout is taken as no answer and its connection closed there and then. The default
        // (2) first sends a KILL QUERY over a new connection to that same server and waits for it: seconds more per
        // step against a hung server, which cannot answer the KILL either.
        CancellationTimeout = -1,
        Pooling = false,
        SslMode = MySqlSslMode.Preferred,
        // MySQL 8's caching_sha2_password over a connection without TLS needs the server's public key.
        AllowPublicKeyRetrieval = true,
    }.ConnectionString;

    /// <summary>Runs one statement, its parameters bound (never in the text), its timeout the connect timeout plus <paramref name="extra"/>.</summary>
    private async Task<T> StatementAsync<T>(MySqlConnection connection, SqlStatement statement, TimeSpan extra, Func<MySqlCommand, CancellationToken, Task<T>> run, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var seconds = Seconds(timeout + extra);
        using var command = new MySqlCommand(statement.Text, connection) { CommandTimeout = seconds };
        foreach (var (name, value) in statement.Parameters ?? NoParameters)
        {
            command.Parameters.AddWithValue("@" + name, value);
        }

        try
        {
            return await run(command, cancellationToken).ConfigureAwait(false);
        }
        catch (MySqlException ex) when (ex.ErrorCode == MySqlErrorCode.CommandTimeoutExpired)
        {
            throw new TimeoutException(string.Create(CultureInfo.InvariantCulture, $"{statement.Text}: no answer within {seconds} s"), ex);
        }
        catch (MySqlException ex)
        {
            // The statement's text names what failed; parameter values (passwords) are never shown.
            throw new DatabaseException($"{statement.Text}: {Describe(ex)}", ex);
        }
    }

    /// <summary>Every row, column name to value as text (null for SQL NULL).</summary>
    private Task<IReadOnlyList<Dictionary<string, string?>>> RowsAsync(MySqlConnection connection, SqlStatement statement, CancellationToken cancellationToken) =>
        StatementAsync<IReadOnlyList<Dictionary<string, string?>>>(connection, statement, TimeSpan.Zero, static async (command, token) =>
        {
            var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var rows = new List<Dictionary<string, string?>>();
                while (await reader.ReadAsync(token).ConfigureAwait(false))
                {
                    var row = new Dictionary<string, string?>(reader.FieldCount, StringComparer.Ordinal);
                    for (var i = 0; i < reader.FieldCount; i++)
                    {
                        row[reader.GetName(i)] = reader.IsDBNull(i) ? null : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture);
                    }

                    rows.Add(row);
                }

                return rows;
            }
        }, cancellationToken);

    /// <summary>Its failure is observed (the driver's own timeouts end it), never reported.</summary>
    private static void Abandon(Task call) =>
        _ = call.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    private static TimeoutException NoAnswer(NodeConfig node, TimeSpan budget) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{node}: no answer within {budget.TotalSeconds:0.#} s"));

    private static int Seconds(TimeSpan span) => (int)Math.Max(1, Math.Ceiling(span.TotalSeconds));

    private static bool Flag(string? value) =>
        value is not null && (long.TryParse(value, CultureInfo.InvariantCulture, out var n) ? n != 0 : value.Equals("ON", StringComparison.OrdinalIgnoreCase) || value.Equals("True", StringComparison.OrdinalIgnoreCase));

    private static string Describe(Exception ex) =>
        ex is MySqlException { ErrorCode: not MySqlErrorCode.None } mysql ? $"{mysql.Message} (error {(int)mysql.ErrorCode})" : ex.Message;
}
