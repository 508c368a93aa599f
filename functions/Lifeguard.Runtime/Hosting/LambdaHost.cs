using System.Globalization;
using System.Runtime.InteropServices;
using Lifeguard.Runtime.Logging;

namespace Lifeguard.Runtime.Hosting;

/// <summary>
/// The entry point of every function package. Inside Lambda (AWS_LAMBDA_RUNTIME_API set) it runs the Runtime API
/// loop; `invoke --handler NAME --event FILE [--dry-run] [--timeout SECONDS]` runs one invocation locally.
/// </summary>
public static class LambdaHost
{
    public const string Usage =
        "usage: <function> invoke --handler NAME --event FILE [--dry-run] [--timeout SECONDS]\n" +
        "       (inside Lambda, with AWS_LAMBDA_RUNTIME_API set, it takes no arguments)";

    public static async Task<int> RunAsync(string[] args, Action<HandlerRegistry> register)
    {
        using var shutdown = new CancellationTokenSource();
        // Lambda sends SIGTERM before it shuts an environment down (when extensions are registered).
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            shutdown.Cancel();
        });
        return await RunAsync(args, register, new LambdaHostOptions(), shutdown.Token).ConfigureAwait(false);
    }

    public static async Task<int> RunAsync(string[] args, Action<HandlerRegistry> register, LambdaHostOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(register);
        ArgumentNullException.ThrowIfNull(options);
        var registry = new HandlerRegistry();
        register(registry);

        if (args.Length > 0 && args[0] == "invoke")
        {
            return await InvokeLocallyAsync(args.AsSpan(1).ToArray(), registry, options, cancellationToken).ConfigureAwait(false);
        }

        if (args.Length > 0 || options.Environment.GetVariable("AWS_LAMBDA_RUNTIME_API") is not { } runtimeApi)
        {
            await options.Error.WriteLineAsync(Usage).ConfigureAwait(false);
            return 2;
        }

        using var client = new RuntimeApiClient(runtimeApi);
        var logger = new JsonLineLogger(options.Log, LogLevels.FromEnvironment(options.Environment), options.Time);
        var handlerName = options.Environment.GetVariable(HandlerRegistry.HandlerVariable);
        RegisteredHandler handler;
        try
        {
            handler = registry.Create(handlerName, new HostServices(options.Environment, logger, options.Time));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.InitFailed(ex, handlerName ?? "(default)");
            await client.PostInitErrorAsync(ErrorReport.From(ex), cancellationToken).ConfigureAwait(false);
            return 1;
        }

        var bootstrap = new LambdaBootstrap(client, handler, options, logger);
        await bootstrap.RunAsync(cancellationToken).ConfigureAwait(false);
        return 0;
    }

    private static async Task<int> InvokeLocallyAsync(string[] args, HandlerRegistry registry, LambdaHostOptions options, CancellationToken cancellationToken)
    {
        string? handlerName = null, eventFile = null;
        var dryRun = false;
        var timeout = TimeSpan.FromMinutes(15);
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--handler" when i + 1 < args.Length:
                    handlerName = args[++i];
                    break;
                case "--event" when i + 1 < args.Length:
                    eventFile = args[++i];
                    break;
                case "--dry-run":
                    dryRun = true;
                    break;
                case "--timeout" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0:
                    timeout = TimeSpan.FromSeconds(seconds);
                    i++;
                    break;
                default:
                    await options.Error.WriteLineAsync($"invoke: unexpected or incomplete argument '{args[i]}'\n{Usage}").ConfigureAwait(false);
                    return 2;
            }
        }

        if (eventFile is null)
        {
            await options.Error.WriteLineAsync($"invoke: --event FILE is required\n{Usage}").ConfigureAwait(false);
            return 2;
        }

        byte[] body;
        try
        {
            body = await File.ReadAllBytesAsync(eventFile, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            await options.Error.WriteLineAsync($"invoke: cannot read the event file '{eventFile}': {ex.Message}").ConfigureAwait(false);
            return 2;
        }

        // Locally, log and metric lines go to stderr so that stdout holds only the result.
        options = options with { Log = options.Error };
        var logger = new JsonLineLogger(options.Log, LogLevels.FromEnvironment(options.Environment), options.Time);
        try
        {
            var handler = registry.Create(handlerName ?? options.Environment.GetVariable(HandlerRegistry.HandlerVariable), new HostServices(options.Environment, logger, options.Time));
            var invocation = new Invocation(
                $"local-{Guid.NewGuid():D}",
                options.Time.GetUtcNow() + timeout,
                "arn:aws:lambda:local:000000000000:function:local",
                TraceId: null,
                body);
            var bootstrap = new LambdaBootstrap(client: null, handler, options, logger) { DryRun = dryRun, IsLocal = true };
            var result = await bootstrap.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
            await options.Result.WriteLineAsync(System.Text.Encoding.UTF8.GetString(result)).ConfigureAwait(false);
            return 0;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            var report = ErrorReport.From(ex);
            await options.Error.WriteLineAsync($"invoke: {eventFile}: {report.ErrorType}: {report.ErrorMessage}").ConfigureAwait(false);
            return 1;
        }
    }
}
