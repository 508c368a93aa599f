using Amazon.Runtime;
using Lifeguard.Aws.Endpoints;
using Lifeguard.Aws.Http;

namespace Lifeguard.Aws.Sdk;

/// <summary>
/// The boundary between the AWS SDK and Lifeguard: every SDK call goes through here and fails as an
/// <see cref="AwsApiException"/> that says whether the call may have taken effect. Cancellation passes through untouched.
/// </summary>
public static class SdkCall
{
    /// <summary>An idempotent call: the SDK's own retries (bounded by attempts and by <paramref name="cancellationToken"/>) apply.</summary>
    public static async Task<T> RunAsync<T>(AwsService service, string operation, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            return await call(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (Translate(ex, service, operation, notIdempotent: false, cancellationToken) is { } error)
        {
            throw error;
        }
    }

    /// <summary>
    /// A call that may act twice and has no client token (CreateSnapshot), made on a client whose SDK retries are off.
    /// It is sent again only when the service surely did not act (throttled, refused, connection never made); any other
    /// failure ends in <see cref="AwsApiException.MayHaveTakenEffect"/> so that the caller looks before acting again.
    /// </summary>
    public static async Task<T> RunOnceAsync<T>(
        AwsConfiguration aws, AwsService service, string operation, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(aws);
        ArgumentNullException.ThrowIfNull(call);
        for (var attempt = 1; ; attempt++)
        {
            AwsApiException error;
            try
            {
                return await call(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (Translate(ex, service, operation, notIdempotent: true, cancellationToken) is { } translated)
            {
                error = translated;
            }

            if (error.MayHaveTakenEffect || !error.IsRetryable)
            {
                throw error;
            }

            if (attempt >= aws.Retry.MaxAttempts)
            {
                throw error.WithNote($"gave up after {attempt} attempts", error);
            }

            aws.Statistics.RecordRetried();
            try
            {
                await Task.Delay(aws.Retry.Backoff(attempt, aws.Jitter()), aws.Time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
            {
                throw error.WithNote($"gave up after {attempt} attempts: the deadline came while waiting to retry", ex);
            }
        }
    }

    /// <summary>
    /// Null for the caller's own cancellation (never swallowed, never translated). Otherwise: an error answer was
    /// carried out only if it was a 5xx that is not throttling; a timeout or a dropped connection may have been; a
    /// connection that was never made was not.
    /// </summary>
    internal static AwsApiException? Translate(Exception exception, AwsService service, string operation, bool notIdempotent, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested && Chain(exception).Any(e => e is OperationCanceledException))
        {
            // The caller's deadline, however the SDK wrapped it.
            return null;
        }

        if (exception is AwsApiException already)
        {
            return already;
        }

        if (exception is AmazonServiceException { StatusCode: var statusCode } service1 && statusCode != 0)
        {
            var status = (int)statusCode;
            var code = service1.ErrorCode ?? StatusCodeName(status);
            var acted = status >= 500 && !AwsApiException.IsThrottlingError(code, status);
            return new AwsApiException(service.Name, operation, status, code, service1.Message, service1.RequestId, acted && notIdempotent, exception);
        }

        var (transportCode, neverSent) = Transport(exception);
        return new AwsApiException(service.Name, operation, 0, transportCode, exception.GetBaseException().Message, null, !neverSent && notIdempotent, exception);
    }

    private static (string Code, bool NeverSent) Transport(Exception exception)
    {
        foreach (var current in Chain(exception))
        {
            switch (current)
            {
                case TimeoutException or OperationCanceledException:
                    return (AwsApiException.TimeoutErrorCode, false);
                case HttpRequestException http:
                    return (AwsApiException.TransportErrorCode, AwsApiException.NeverSent(http));
                case IOException:
                    return (AwsApiException.TransportErrorCode, false);
            }
        }

        // An answer that could not be read (AmazonUnmarshallingException) or credentials that could not be found.
        return exception is AmazonClientException { InnerException: null } && exception.Message.Contains("credentials", StringComparison.OrdinalIgnoreCase)
            ? ("NoCredentials", true)
            : (AwsApiException.TransportErrorCode, false);
    }

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            yield return current;
        }
    }

    private static string StatusCodeName(int status) => status switch
    {
        404 => "NotFound",
        403 => "Forbidden",
        _ => $"Http{status}",
    };
}
