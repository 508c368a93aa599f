using System.Diagnostics;
using System.Net;
using Xunit;

namespace Lifeguard.TestSupport;

/// <summary>
/// A moto_server (local AWS) on a free loopback port for one test class or collection. Started once, reset
/// between tests with POST /moto-api/reset, stopped by its PID.
/// </summary>
public sealed class MotoServer(bool indexedTags = false) : IAsyncLifetime, IDisposable, IAsyncDisposable
{
    /// <summary>
    /// For benchmarks at scale only: moto looks up one EC2 resource's tags by scanning every tag of every resource, so
    /// listing n snapshots costs n x (all tags), 20 s for 3,000. This replaces that lookup with the dictionary read it
    /// stands for (same answer, ids hold no wildcards) and then runs moto_server unchanged.
    /// </summary>
    private const string IndexedTagsLauncher = """
        import sys
        from moto.ec2.models.core import TaggedEC2Resource
        from moto.ec2.utils import EC2_PREFIX_TO_RESOURCE, get_prefix
        def get_tags(self):
            rid = getattr(self, "id", None)
            tags = self.ec2_backend.tags.get(rid) if rid else None
            if not tags:
                return []
            kind = EC2_PREFIX_TO_RESOURCE.get(get_prefix(rid), "")
            return [{"resource_id": rid, "key": k, "value": v, "resource_type": kind} for k, v in tags.items()]
        TaggedEC2Resource.get_tags = get_tags
        from moto.server import main
        sys.exit(main(sys.argv[1:]))
        """;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private Process? _process;

    public Uri Endpoint { get; private set; } = new("http://127.0.0.1:0");

    public int ProcessId => _process?.Id ?? 0;

    public async Task InitializeAsync()
    {
        var port = FreePort.Next();
        Endpoint = new Uri($"http://127.0.0.1:{port}");
        string[] listen = ["-H", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture)];
        var start = new ProcessStartInfo(indexedTags ? "python3" : "moto_server", indexedTags ? ["-c", IndexedTagsLauncher, .. listen] : listen)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // moto's boto3 would otherwise ask the EC2 instance metadata address (169.254.169.254) for credentials when a
        // hosted zone is made: tests send nothing beyond loopback.
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        try
        {
            _process = Process.Start(start) ?? throw new InvalidOperationException("moto_server did not start.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("moto_server is not on PATH; `make test` installs and finds it (pip install 'moto[server]').", ex);
        }

        // Drain its output so a chatty server never blocks on a full pipe.
        _process.OutputDataReceived += static (_, _) => { };
        _process.ErrorDataReceived += static (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"moto_server exited with code {_process.ExitCode} before it was ready.");
            }

            try
            {
                using var response = await _http.GetAsync(new Uri(Endpoint, "/moto-api/data.json")).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100).ConfigureAwait(false);
        }

        throw new TimeoutException($"moto_server was not ready on {Endpoint} within {StartTimeout}.");
    }

    /// <summary>Forgets every resource, so each test starts from an empty account.</summary>
    public async Task ResetAsync()
    {
        using var response = await _http.PostAsync(new Uri(Endpoint, "/moto-api/reset"), content: null).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The environment a Lifeguard client or function needs to talk to this server.</summary>
    public IReadOnlyDictionary<string, string?> AwsEnvironment() => new Dictionary<string, string?>
    {
        ["AWS_ENDPOINT_URL"] = Endpoint.ToString().TrimEnd('/'),
        ["AWS_ACCESS_KEY_ID"] = "testing",
        ["AWS_SECRET_ACCESS_KEY"] = "testing",
        ["AWS_REGION"] = "us-east-1",
    };

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync().ConfigureAwait(false);

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().ConfigureAwait(false);
        }

        Dispose();
    }

    /// <summary>Stops the server by its PID; safe to call more than once (xunit may call both disposals).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _process, null) is { } process)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            process.Dispose();
        }

        _http.Dispose();
    }
}
