using System.Text;
using System.Text.Json;
using System.Xml;

namespace Lifeguard.Aws.Protocols;

/// <summary>
/// Reads an error answer of any protocol: ec2 (`Response/Errors/Error`), query and rest-xml (`ErrorResponse/Error`,
/// S3's bare `Error`, Route 53's `InvalidChangeBatch/Messages`), json (`__type`, `message`); a body-less answer (HEAD) gets its code from the status.
/// </summary>
public static class ErrorParser
{
    public static (string Code, string Message, string? RequestId) Parse(int status, byte[] body, Func<string, string?> header)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(header);
        var requestId = header("x-amzn-RequestId") ?? header("x-amz-request-id");
        var text = Encoding.UTF8.GetString(body).Trim();
        try
        {
            if (text.StartsWith('{'))
            {
                using var json = JsonDocument.Parse(text);
                var root = json.RootElement;
                var type = Property(root, "__type") ?? header("x-amzn-ErrorType") ?? "Unknown";
                var code = type[(type.LastIndexOf('#') + 1)..].Split(':')[0];
                return (code, Property(root, "message") ?? Property(root, "Message") ?? text, requestId);
            }

            if (text.StartsWith('<'))
            {
                var root = Xml.Parse(body);
                var error = root.Descendant("Error");
                requestId ??= root.Descendant("RequestId")?.Value ?? root.Descendant("RequestID")?.Value;
                if (error?.Text("Code") is { } code)
                {
                    return (code, error.Text("Message") ?? string.Empty, requestId);
                }

                if (root.Name.LocalName == "InvalidChangeBatch")
                {
                    // Route 53's second shape: <InvalidChangeBatch><Messages><Message>… with no Error element.
                    return (root.Name.LocalName, string.Join("; ", root.Child("Messages")?.Children("Message").Select(m => m.Value) ?? []), requestId);
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or XmlException or FormatException)
        {
            // Not the document it looked like: fall through to the status.
        }

        return (StatusCode(status), text.Length > 0 ? text : $"HTTP {status}", requestId);
    }

    private static string StatusCode(int status) => status switch
    {
        400 => "BadRequest",
        403 => "Forbidden",
        404 => "NotFound",
        412 => "PreconditionFailed",
        429 => "TooManyRequests",
        500 => "InternalError",
        503 => "ServiceUnavailable",
        _ => $"Http{status}",
    };

    private static string? Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

}
