using Lifeguard.Aws.Http;
using Lifeguard.Aws.Protocols;

namespace Lifeguard.Aws.Sdk;

/// <summary>
/// Counts every throttled answer the SDK receives, retried or not, for the functions' `Throttled` metric: the SDK
/// retries inside one call and tells nobody. It also reads every answer but a GET's (S3 GetObject streams) whole
/// under the attempt's timeout: the SDK asks only for the headers, so a body that stalled after them would otherwise
/// hold the call until the invocation's deadline, never retried.
/// </summary>
internal sealed class ThrottleCountingHandler(RetryStatistics statistics) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        if (request.Method != HttpMethod.Get)
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        }

        if (status is 400 or 429 or 503)
        {
            // Buffered, so the SDK can still read the body after us.
            await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            var (code, _, _) = ErrorParser.Parse(status, body, name => response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null);
            if (AwsApiException.IsThrottlingError(code, status))
            {
                statistics.RecordThrottled();
            }
        }

        return response;
    }
}
