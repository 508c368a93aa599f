using System.Diagnostics;
using System.Globalization;

namespace Lifeguard.TestSupport;

/// <summary>
/// A real MariaDB server (Debian's mariadbd) in a temporary directory on a loopback address and a free port, with
/// binary logging, GTID and log_slave_updates, so any server can become a master. Users created unlogged:
/// <see cref="AdminUser"/> (all privileges, what Lifeguard connects as) and <see cref="ReplicationUser"/>. Queried
/// through the `mariadb` command-line client over its socket, so tests check Lifeguard with a client nobody here wrote.
/// Stopped by its PID on dispose.
/// </summary>
public sealed partial class MariaDbServer : IAsyncDisposable
{
    public const string AdminUser = "lifeguard";
    public const string AdminPassword = "admin-secret-1";
    public const string ReplicationUser = "repl";
    public const string ReplicationPassword = "repl-secret-1";
    public const string AppUser = "app";
    public const string AppPassword = "app-secret-1";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private Process? _process;
    private bool _paused;

    private MariaDbServer(string name, string host, int port, int serverId, string directory)
    {
        (Name, Host, Port, ServerId, Directory) = (name, host, port, serverId, directory);
    }

    public string Name { get; }

    public string Host { get; }

    public int Port { get; }

    public int ServerId { get; }

    public string Directory { get; }

    public string Socket => Path.Combine(Directory, "mysqld.sock");

    public int ProcessId => _process?.Id ?? 0;

    public bool Running => _process is { HasExited: false };

    /// <summary>Installs a data directory and starts the server; <paramref name="host"/> is a 127.x.y.z address.</summary>
    public static async Task<MariaDbServer> StartAsync(string name, string host, int serverId)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory($"lifeguard-mariadb-{name}-").FullName;
        var server = new MariaDbServer(name, host, FreePort.Next(System.Net.IPAddress.Parse(host)), serverId, directory);
        try
        {
            // Its own temporary directory: servers installed side by side in /tmp trip over each other's temporary tables.
            var temporary = System.IO.Directory.CreateDirectory(Path.Combine(directory, "tmp")).FullName;
            Tool("mariadb-install-db", "--no-defaults", $"--datadir={server.DataDirectory}", "--user=root", "--auth-root-authentication-method=socket", "--skip-test-db", $"--tmpdir={temporary}");
            await server.LaunchAsync().ConfigureAwait(false);
            server.Sql($"""
                SET sql_log_bin = 0;
                CREATE USER '{AdminUser}'@'%' IDENTIFIED BY '{AdminPassword}';
                GRANT ALL ON *.* TO '{AdminUser}'@'%' WITH GRANT OPTION;
                CREATE USER '{ReplicationUser}'@'%' IDENTIFIED BY '{ReplicationPassword}';
                GRANT REPLICATION SLAVE ON *.* TO '{ReplicationUser}'@'%';
                CREATE USER '{AppUser}'@'%' IDENTIFIED BY '{AppPassword}';
                GRANT SELECT, INSERT, UPDATE, DELETE ON app.* TO '{AppUser}'@'%';
                """);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private string DataDirectory => Path.Combine(Directory, "data");

    /// <summary>Runs SQL as root over the socket and returns the rows, tab-separated, one per line.</summary>
    public string Sql(string sql) => Tool("mariadb", "--no-defaults", $"--socket={Socket}", "-uroot", "-N", "-B", "-e", sql).TrimEnd('\n');

    /// <summary>How many statements containing <paramref name="marker"/> the server is running now.</summary>
    public int RunningStatements(string marker) => int.Parse(Sql(
        $"SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE INFO LIKE '%{marker}%' AND INFO NOT LIKE '%PROCESSLIST%'"), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A column of SHOW SLAVE STATUS ("" when the server is not a replica).</summary>
    public string SlaveStatus(string column)
    {
        var vertical = Tool("mariadb", "--no-defaults", $"--socket={Socket}", "-uroot", "-B", "-e", "SHOW SLAVE STATUS\\G");
        return vertical.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(column + ":", StringComparison.Ordinal))?[(column.Length + 1)..].Trim() ?? "";
    }

    /// <summary>
    /// Runs SQL as the application would: user <see cref="AppUser"/> (no SUPER, so read_only applies to it) over TCP
    /// to <see cref="Host"/>:<see cref="Port"/>. Throws with the server's error (e.g. 1290 read-only).
    /// </summary>
    public string AppSql(string sql) => Tool("mariadb", "--no-defaults", $"--host={Host}", $"--port={Port}", $"--user={AppUser}", $"--password={AppPassword}",
        "--connect-timeout=5", "-N", "-B", "-e", sql).TrimEnd('\n');

    /// <summary>Makes this server replicate from <paramref name="master"/> by GTID, read only, optionally <paramref name="delaySeconds"/> behind.</summary>
    public void ReplicateFrom(MariaDbServer master, int delaySeconds = 0)
    {
        ArgumentNullException.ThrowIfNull(master);
        Sql($"""
            SET GLOBAL read_only = ON;
            CHANGE MASTER TO MASTER_HOST = '{master.Host}', MASTER_PORT = {master.Port}, MASTER_USER = '{ReplicationUser}',
              MASTER_PASSWORD = '{ReplicationPassword}', MASTER_USE_GTID = slave_pos, MASTER_CONNECT_RETRY = 1, MASTER_DELAY = {delaySeconds};
            START SLAVE;
            """);
    }

    /// <summary>Waits (at most <paramref name="timeout"/>) until this replica has applied everything <paramref name="master"/> has written.</summary>
    public void WaitForApplied(MariaDbServer master, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(master);
        var target = master.Sql("SELECT @@gtid_binlog_pos");
        var answer = Sql($"SELECT MASTER_GTID_WAIT('{target}', {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)})");
        if (answer != "0")
        {
            throw new TimeoutException($"{Name} did not apply {target} from {master.Name} within {timeout}: {Sql("SHOW SLAVE STATUS\\G")}");
        }
    }

    /// <summary>SIGKILL: the process is gone and its port refuses connections.</summary>
    public async Task KillAsync()
    {
        if (_process is { } process)
        {
            Resume();
            process.Kill();
            await process.WaitForExitAsync().ConfigureAwait(false);
            process.Dispose();
            _process = null;
        }
    }

    /// <summary>SIGSTOP: the port still accepts connections (the kernel does), but nothing answers.</summary>
    public void Pause()
    {
        if (_process is { HasExited: false } process && !_paused)
        {
            Signal(process.Id, SigStop);
            _paused = true;
        }
    }

    public void Resume()
    {
        if (_process is { HasExited: false } process && _paused)
        {
            Signal(process.Id, SigCont);
            _paused = false;
        }
    }

    /// <summary>
    /// Starts the server again on its data directory, address and port (after <see cref="KillAsync"/>), with
    /// <paramref name="options"/> after the usual ones (so "--log-slave-updates=0" overrides); replication does not start by itself.
    /// </summary>
    public Task RestartAsync(params string[] options)
    {
        _options = options;
        return _process is null ? LaunchAsync() : Task.CompletedTask;
    }

    private string[] _options = [];

    public async ValueTask DisposeAsync()
    {
        await KillAsync().ConfigureAwait(false);
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open; the temporary directory is cleaned with the machine.
        }
    }

    public override string ToString() => $"{Name} ({Host}:{Port})";

    private async Task LaunchAsync()
    {
        string[] arguments =
        [
            "--no-defaults", $"--datadir={DataDirectory}", $"--socket={Socket}", $"--port={Port}", $"--bind-address={Host}",
            $"--pid-file={Path.Combine(Directory, "mysqld.pid")}", $"--tmpdir={Path.Combine(Directory, "tmp")}", $"--log-error={Path.Combine(Directory, "error.log")}", "--user=root",
            $"--server-id={ServerId}", $"--log-bin={Path.Combine(DataDirectory, "binlog")}", $"--relay-log={Path.Combine(DataDirectory, "relay")}",
            "--log-slave-updates", "--binlog-format=ROW", "--gtid-strict-mode=ON", "--skip-name-resolve", "--character-set-server=utf8mb4",
            "--innodb-buffer-pool-size=32M", "--innodb-log-file-size=8M", "--skip-slave-start", "--slave-net-timeout=4", "--max-connections=100", "--open-files-limit=4096",
            .. _options,
        ];
        var start = new ProcessStartInfo("mariadbd", arguments) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        _process = Process.Start(start) ?? throw new InvalidOperationException("mariadbd did not start");
        _process.OutputDataReceived += static (_, _) => { };
        _process.ErrorDataReceived += static (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartTimeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"mariadbd {Name} exited with {_process.ExitCode}: {ErrorLog()}");
            }

            if (File.Exists(Socket))
            {
                try
                {
                    Sql("SELECT 1");
                    return;
                }
                catch (InvalidOperationException)
                {
                    // Socket there, server not ready yet.
                }
            }

            await Task.Delay(50).ConfigureAwait(false);
        }

        throw new TimeoutException($"mariadbd {Name} was not ready within {StartTimeout}: {ErrorLog()}");
    }

    private string ErrorLog()
    {
        var log = Path.Combine(Directory, "error.log");
        return File.Exists(log) ? string.Join("\n", File.ReadLines(log).TakeLast(20)) : "(no error log)";
    }

    private const int SigCont = 18, SigStop = 19; // Linux x86-64

    /// <summary>kill(2) by PID, from libc: no dependency on a kill program being installed.</summary>
    private static void Signal(int pid, int signal)
    {
        if (NativeMethods.kill(pid, signal) != 0)
        {
            throw new InvalidOperationException($"kill({pid}, {signal}) failed: errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}");
        }
    }

    private static partial class NativeMethods
    {
        [System.Runtime.InteropServices.LibraryImport("libc", SetLastError = true)]
        internal static partial int kill(int pid, int signal);
    }

    private static string Tool(string tool, params string[] arguments) => ExternalTool.Run(tool, arguments, TimeSpan.FromSeconds(60));
}
