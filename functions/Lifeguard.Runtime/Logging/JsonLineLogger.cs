using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Lifeguard.Runtime.Logging;

/// <summary>
/// One JSON object per line: timestamp, level, message, requestId, then the template's fields in camelCase.
/// Written synchronously: Lambda freezes the process as soon as the response is posted, so a background
/// writer would lose the last lines of an invocation.
/// </summary>
public sealed class JsonLineLogger(TextWriter output, LogLevel minimum, TimeProvider time) : ILogger
{
    private readonly Lock _gate = new();

    /// <summary>The invocation being served (Lambda serves one at a time per environment).</summary>
    public string? RequestId { get; set; }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= minimum;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (!IsEnabled(logLevel))
        {
            return;
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("timestamp", time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteString("level", LogLevels.Name(logLevel));
            json.WriteString("message", formatter(state, exception));
            if (RequestId is { } requestId)
            {
                json.WriteString("requestId", requestId);
            }

            if (state is IReadOnlyList<KeyValuePair<string, object?>> fields)
            {
                foreach (var (key, value) in fields)
                {
                    if (key != "{OriginalFormat}")
                    {
                        json.WritePropertyName(CamelCase(key));
                        WriteValue(json, value);
                    }
                }
            }

            if (exception is not null)
            {
                json.WriteString("errorType", exception.GetType().Name);
                json.WriteString("errorMessage", exception.Message);
                json.WriteString("stackTrace", exception.ToString());
            }

            json.WriteEndObject();
        }

        var line = Encoding.UTF8.GetString(buffer.WrittenSpan);
        lock (_gate)
        {
            output.WriteLine(line);
            output.Flush();
        }
    }

    private static string CamelCase(string key) =>
        key.Length > 0 && char.IsUpper(key[0]) ? string.Create(key.Length, key, static (span, k) =>
        {
            k.AsSpan().CopyTo(span);
            span[0] = char.ToLowerInvariant(k[0]);
        }) : key;

    internal static void WriteValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null: json.WriteNullValue(); break;
            case string s: json.WriteStringValue(s); break;
            case bool b: json.WriteBooleanValue(b); break;
            case int i: json.WriteNumberValue(i); break;
            case long l: json.WriteNumberValue(l); break;
            case double d when double.IsFinite(d): json.WriteNumberValue(d); break;
            case decimal m: json.WriteNumberValue(m); break;
            case DateTimeOffset t: json.WriteStringValue(t); break;
            case DateTime t: json.WriteStringValue(t); break;
            case TimeSpan t: json.WriteNumberValue(t.TotalMilliseconds); break;
            case IFormattable f: json.WriteStringValue(f.ToString(null, System.Globalization.CultureInfo.InvariantCulture)); break;
            default: json.WriteStringValue(value.ToString()); break;
        }
    }
}
