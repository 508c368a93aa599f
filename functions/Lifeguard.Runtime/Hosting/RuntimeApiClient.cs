using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Lifeguard.Runtime.Hosting;

/// <summary>The Lambda Runtime API over HTTP, at the address in AWS_LAMBDA_RUNTIME_API.</summary>
public sealed class RuntimeApiClient : IRuntimeApiClient, IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient _http;

    public RuntimeApiClient(string runtimeApi)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runtimeApi);
        _http = new HttpClient
        {
            BaseAddress = new Uri($"http://{runtimeApi}/2018-06-01/"),
            // The Lambda service freezes the whole process between invocations, in the middle of the
            // long-poll GET /next. Any finite timeout would count the frozen hours and fire on thaw.
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public async Task<Invocation> GetNextInvocationAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync("runtime/invocation/next", cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var requestId = Header(response, RuntimeApiHeaders.RequestId)
            ?? throw new InvalidOperationException($"The Runtime API sent an invocation without {RuntimeApiHeaders.RequestId}.");
        var deadlineMs = long.TryParse(Header(response, RuntimeApiHeaders.DeadlineMs), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? ms
            : throw new InvalidOperationException($"The Runtime API sent invocation {requestId} without a valid {RuntimeApiHeaders.DeadlineMs}.");
        return new Invocation(
            requestId,
            DateTimeOffset.FromUnixTimeMilliseconds(deadlineMs),
            Header(response, RuntimeApiHeaders.InvokedFunctionArn) ?? string.Empty,
            Header(response, RuntimeApiHeaders.TraceId),
            body);
    }

    public Task PostResponseAsync(string requestId, byte[] body, CancellationToken cancellationToken) =>
        PostAsync($"runtime/invocation/{requestId}/response", body, errorType: null, cancellationToken);

    public Task PostErrorAsync(string requestId, ErrorReport report, CancellationToken cancellationToken) =>
        PostAsync($"runtime/invocation/{requestId}/error", Serialize(report), report.ErrorType, cancellationToken);

    public Task PostInitErrorAsync(ErrorReport report, CancellationToken cancellationToken) =>
        PostAsync("runtime/init/error", Serialize(report), report.ErrorType, cancellationToken);

    public void Dispose() => _http.Dispose();

    private static byte[] Serialize(ErrorReport error) =>
        JsonSerializer.SerializeToUtf8Bytes(error, RuntimeJsonContext.Default.ErrorReport);

    private async Task PostAsync(string path, byte[] body, string? errorType, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = Json;
        if (errorType is not null)
        {
            request.Headers.Add(RuntimeApiHeaders.FunctionErrorType, errorType);
        }

        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
