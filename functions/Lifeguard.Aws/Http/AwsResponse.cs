using System.Net;

namespace Lifeguard.Aws.Http;

/// <summary>A successful answer. A streamed body must be disposed by the caller.</summary>
public sealed class AwsResponse(HttpStatusCode status, HttpResponseMessage message, byte[] body, Stream? stream) : IDisposable
{
    public HttpStatusCode Status { get; } = status;

    public byte[] Body { get; } = body;

    public Stream? Stream { get; } = stream;

    public string? Header(string name) =>
        message.Headers.TryGetValues(name, out var values) || message.Content.Headers.TryGetValues(name, out values) ? string.Join(',', values) : null;

    public IEnumerable<KeyValuePair<string, string>> HeadersStartingWith(string prefix) =>
        message.Headers.Concat(message.Content.Headers)
            .Where(h => h.Key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Select(h => new KeyValuePair<string, string>(h.Key[prefix.Length..].ToLowerInvariant(), string.Join(',', h.Value)));

    public void Dispose()
    {
        Stream?.Dispose();
        message.Dispose();
    }
}
