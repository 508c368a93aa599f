using Lifeguard.Runtime.Hosting;
using Microsoft.Extensions.Logging;

namespace Lifeguard.Runtime.Logging;

/// <summary>Lambda's log level names (AWS_LAMBDA_LOG_LEVEL) to and from Microsoft.Extensions.Logging levels.</summary>
public static class LogLevels
{
    public const string Variable = "AWS_LAMBDA_LOG_LEVEL";

    public static LogLevel FromEnvironment(IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return Parse(environment.GetVariable(Variable)) ?? LogLevel.Information;
    }

    public static LogLevel? Parse(string? name) => name?.ToUpperInvariant() switch
    {
        "TRACE" => LogLevel.Trace,
        "DEBUG" => LogLevel.Debug,
        "INFO" => LogLevel.Information,
        "WARN" => LogLevel.Warning,
        "ERROR" => LogLevel.Error,
        "FATAL" => LogLevel.Critical,
        _ => null,
    };

    public static string Name(LogLevel level) => level switch
    {
        LogLevel.Trace => "TRACE",
        LogLevel.Debug => "DEBUG",
        LogLevel.Information => "INFO",
        LogLevel.Warning => "WARN",
        LogLevel.Error => "ERROR",
        _ => "FATAL",
    };
}
