using System.Globalization;
using System.Net.Sockets;
using Lifeguard.Promotion.Configuration;
using Lifeguard.Promotion.Domain;
using MySql.Data.MySqlClient;

namespace Lifeguard.Promotion.Adapters;

/// <summary>
/// MySql.Data 8.0.16, the one MySQL driver served here. Its I/O is synchronous, so each call runs on a thread of its
/// own and is abandoned when its time is up (a hung server cannot hold a step longer than the timeout; the driver's own
/// timeouts end the abandoned call). No pooling: a Lambda talks to each server a few times, and a dead server must not
/// leave a dead pooled connection behind.
/// </summary>
public sealed class MySqlDatabase(string user, string password, TimeSpan timeout) : IDatabase
{
    private const int UnableToConnect = 1042, AccessDenied = 1045, AccessDeniedToDatabase = 1044;

    public async Task<Probe> ProbeAsync(NodeConfig node, CancellationToken cancellationToken)
    {
        try
        {
            await RunAsync(node, TimeSpan.Zero, connection => Scalar(connection, new SqlStatement("SELECT 1"), TimeSpan.Zero), cancellationToken).ConfigureAwait(false);
            return new Probe(true, "answers");
        }
        catch (TimeoutException ex)
        {
            return new Probe(false, ex.Message);
        }
        catch (DatabaseException ex) when (ex.InnerException is MySqlException { Number: AccessDenied or AccessDeniedToDatabase })
        {
            throw new DatabaseException($"{ex.Message}. The server is up but refuses Lifeguard's credentials: fix the secret.", ex.InnerException);
        }
        catch (DatabaseException ex) when (ex.InnerException is MySqlException { Number: > 0 and not UnableToConnect } server)
        {
            return new Probe(true, $"answers with error {server.Number}: {server.Message}");
        }
        catch (DatabaseException ex)
        {
            return new Probe(false, ex.Message);
        }
    }

    public Task<NodeState> ReadStateAsync(NodeConfig node, CancellationToken cancellationToken) => RunAsync(node, TimeSpan.Zero, connection =>
    {
        var version = ServerVersion.Parse(Convert.ToString(Scalar(connection, StatementPlanner.Version, TimeSpan.Zero), CultureInfo.InvariantCulture) ?? "");
        bool readOnly, logBin, logReplicaUpdates;
        using (var command = Command(connection, StatementPlanner.Variables(version.Dialect), TimeSpan.Zero))
        using (var reader = command.ExecuteReader())
        {
            reader.Read();
            (readOnly, logBin, logReplicaUpdates) = (Flag(reader.GetValue(0)), Flag(reader.GetValue(1)), Flag(reader.GetValue(2)));
        }

        ReplicationStatus? replication = null;
        using (var command = Command(connection, StatementPlanner.ReplicationStatus(version.Dialect), TimeSpan.Zero))
        using (var reader = command.ExecuteReader())
        {
            if (reader.Read())
            {
                var row = new Dictionary<string, string?>(StringComparer.Ordinal);
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    row[reader.GetName(i)] = reader.IsDBNull(i) ? null : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture);
                }

                replication = ReplicationStatus.FromRow(version.Dialect, row);
            }
        }

        return new NodeState(node, version, readOnly, logBin, logReplicaUpdates, replication);
    }, cancellationToken);

    public Task ExecuteAsync(NodeConfig node, IReadOnlyList<SqlStatement> statements, CancellationToken cancellationToken) => RunAsync(node, TimeSpan.Zero, connection =>
    {
        foreach (var statement in statements)
        {
            using var command = Command(connection, statement, TimeSpan.Zero);
            Guard(statement, () => command.ExecuteNonQuery());
        }

        return true;
    }, cancellationToken);

    public Task<long?> ScalarAsync(NodeConfig node, SqlStatement statement, TimeSpan extra, CancellationToken cancellationToken) =>
        RunAsync(node, extra, connection => Scalar(connection, statement, extra) is { } value and not DBNull ? Convert.ToInt64(value, CultureInfo.InvariantCulture) : (long?)null, cancellationToken);

    private async Task<T> RunAsync<T>(NodeConfig node, TimeSpan extra, Func<MySqlConnection, T> work, CancellationToken cancellationToken)
    {
        var budget = timeout + extra + timeout;
        // A thread of its own: the driver blocks on its own async socket calls, whose completions need pool threads;
        // blocking pool threads instead starves them (connects then wait for the pool to grow, about a second each).
        var call = Task.Factory.StartNew(() =>
        {
            using var connection = new MySqlConnection(ConnectionString(node));
            try
            {
                connection.Open();
            }
            catch (MySqlException ex)
            {
                throw new DatabaseException($"{node}: could not connect: {Describe(ex)}", ex);
            }

            try
            {
                // MySql.Data 8.0.16 cannot read MariaDB 10.6+'s utf8mb3 result columns (and the connection is corrupt after it tries).
                using (var charset = new MySqlCommand("SET character_set_results = utf8mb4", connection))
                {
                    charset.ExecuteNonQuery();
                }

                return work(connection);
            }
            catch (Exception ex) when (ex is DatabaseException or NotSupportedException or InvalidOperationException or FormatException)
            {
                throw new DatabaseException($"{node}: {ex.Message}", ex.InnerException ?? ex);
            }
            catch (MySqlException ex)
            {
                throw new DatabaseException($"{node}: {Describe(ex)}", ex);
            }
        }, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            return await call.WaitAsync(budget, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The abandoned call ends by the driver's own timeouts; observe its failure so it is not reported as unobserved.
            _ = call.ContinueWith(static t => t.Exception, TaskScheduler.Default);
            throw new TimeoutException(string.Create(CultureInfo.InvariantCulture, $"{node}: no answer within {budget.TotalSeconds:0.#} s"));
        }
    }

    private string ConnectionString(NodeConfig node) => new MySqlConnectionStringBuilder
    {
        Server = node.Host,
        Port = (uint)node.Port,
        UserID = user,
        Password = password,
        ConnectionTimeout = (uint)Math.Max(1, Math.Ceiling(timeout.TotalSeconds)),
        DefaultCommandTimeout = (uint)Math.Max(1, Math.Ceiling(timeout.TotalSeconds)),
        Pooling = false,
        SslMode = MySqlSslMode.Preferred,
        // MySQL 8's caching_sha2_password over a connection without TLS needs the server's public key.
        AllowPublicKeyRetrieval = true,
        CharacterSet = "utf8mb4",
    }.ConnectionString;

    private static MySqlCommand Command(MySqlConnection connection, SqlStatement statement, TimeSpan extra)
    {
        var command = new MySqlCommand(statement.Text, connection);
        command.CommandTimeout += (int)Math.Ceiling(extra.TotalSeconds);
        foreach (var (name, value) in statement.Parameters ?? new Dictionary<string, object>())
        {
            command.Parameters.AddWithValue("@" + name, value);
        }

        return command;
    }

    private static object? Scalar(MySqlConnection connection, SqlStatement statement, TimeSpan extra)
    {
        using var command = Command(connection, statement, extra);
        return Guard(statement, command.ExecuteScalar);
    }

    private static T Guard<T>(SqlStatement statement, Func<T> run)
    {
        try
        {
            return run();
        }
        catch (MySqlException ex)
        {
            // The statement's text names what failed; parameter values (passwords) are never shown.
            throw new DatabaseException($"{statement.Text}: {Describe(ex)}", ex);
        }
    }

    private static bool Flag(object value) => value is not DBNull && Convert.ToInt64(value, CultureInfo.InvariantCulture) != 0;

    private static string Describe(MySqlException ex) =>
        ex.InnerException is SocketException socket ? socket.Message : ex.Number != 0 ? $"{ex.Message} (error {ex.Number})" : ex.Message;
}

/// <summary>A server refused, failed or could not be reached; the message names the server or the statement.</summary>
public sealed class DatabaseException(string message, Exception? inner = null) : Exception(message, inner);
