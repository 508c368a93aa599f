using System.Text.Json.Serialization;

namespace Lifeguard.Runtime.Hosting;

/// <summary>The error document Lambda expects on /error and /init/error, and that `invoke` prints.</summary>
public sealed record ErrorReport(
    [property: JsonPropertyName("errorType")] string ErrorType,
    [property: JsonPropertyName("errorMessage")] string ErrorMessage,
    [property: JsonPropertyName("stackTrace")] IReadOnlyList<string> StackTrace)
{
    public static ErrorReport From(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var message = exception.InnerException is { } inner && exception is not InvalidEventException
            ? $"{exception.Message} ({inner.GetType().Name}: {inner.Message})"
            : exception.Message;
        var trace = (exception.StackTrace ?? string.Empty)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new ErrorReport(exception.GetType().Name, message, trace);
    }
}
