using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Amazon.Runtime;
using Lifeguard.Aws.Endpoints;
using Lifeguard.Aws.Protocols;
using Lifeguard.Aws.Signing;

namespace Lifeguard.Aws.Http;

/// <summary>
/// Signs, sends and retries one service's calls. Retries only what is safe: a throttled or refused call never reached the
/// service and is always retried; after a 5xx, a timeout or a dropped connection only an idempotent call (or one with a
/// client token) is sent again; any other ends in <see cref="AwsApiException.MayHaveTakenEffect"/>.
/// </summary>
public sealed class AwsTransport(AwsConfiguration configuration, AwsService service)
{
    private static readonly MediaTypeHeaderValue FormContentType = MediaTypeHeaderValue.Parse("application/x-www-form-urlencoded; charset=utf-8");

    public AwsService Service => service;

    public AwsConfiguration Configuration => configuration;

    public async Task<AwsResponse> SendAsync(AwsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var endpoint = configuration.Endpoint(service);
        AwsApiException? last = null;
        for (var attempt = 1; ; attempt++)
        {
            if (last is not null)
            {
                try
                {
                    await Task.Delay(configuration.Retry.Backoff(attempt - 1, configuration.Jitter()), configuration.Time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
                {
                    throw last.WithNote($"gave up after {attempt - 1} attempts: the deadline came while waiting to retry", ex);
                }
            }

            (AwsResponse? Response, AwsApiException? Error, bool MayHaveTakenEffect) outcome;
            try
            {
                outcome = await AttemptAsync(request, endpoint, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested && last is not null)
            {
                // The deadline came during a retry: the earlier failure is the news, not the cancellation.
                throw last.WithNote($"gave up after {attempt} attempts: the deadline came during the last one", ex);
            }

            if (outcome.Response is { } response)
            {
                return response;
            }

            last = outcome.Error!;
            var safeToRepeat = !outcome.MayHaveTakenEffect || request.Idempotency != Idempotency.NotIdempotent;
            if (!last.IsRetryable || !safeToRepeat || attempt >= configuration.Retry.MaxAttempts)
            {
                throw attempt > 1 && last.IsRetryable && safeToRepeat
                    ? last.WithNote($"gave up after {attempt} attempts", last)
                    : last;
            }

            configuration.Statistics.Record(last);
        }
    }

    private async Task<(AwsResponse? Response, AwsApiException? Error, bool MayHaveTakenEffect)> AttemptAsync(
        AwsRequest request, ResolvedEndpoint endpoint, CancellationToken cancellationToken)
    {
        var credentials = await GetCredentialsAsync(request, cancellationToken).ConfigureAwait(false);
        using var message = Build(request, endpoint, credentials);
        using var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attemptTimeout.CancelAfter(configuration.Retry.AttemptTimeout);
        HttpResponseMessage? response = null;
        try
        {
            response = await configuration.Http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, attemptTimeout.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode && request.StreamResponse)
            {
                var stream = await response.Content.ReadAsStreamAsync(attemptTimeout.Token).ConfigureAwait(false);
                var streamed = new AwsResponse(response.StatusCode, response, [], stream);
                response = null;
                return (streamed, null, false);
            }

            var body = await response.Content.ReadAsByteArrayAsync(attemptTimeout.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                var ok = new AwsResponse(response.StatusCode, response, body, null);
                response = null;
                return (ok, null, false);
            }

            var answered = response;
            var (code, text, requestId) = ErrorParser.Parse(status, body, name =>
                answered.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null);
            // A throttled or rejected (4xx) call was not carried out; a 5xx may have been.
            return Failure(request, status, code, text, requestId, mayHaveTakenEffect: status >= 500 && !AwsApiException.IsThrottlingError(code, status), inner: null);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return Failure(request, 0, AwsApiException.TimeoutErrorCode, $"no answer within {configuration.Retry.AttemptTimeout.TotalSeconds:0.#} s", null, mayHaveTakenEffect: true, ex);
        }
        catch (HttpRequestException ex)
        {
            return Failure(request, 0, AwsApiException.TransportErrorCode, ex.Message, null, mayHaveTakenEffect: !AwsApiException.NeverSent(ex), ex);
        }
        catch (IOException ex)
        {
            return Failure(request, 0, AwsApiException.TransportErrorCode, ex.Message, null, mayHaveTakenEffect: true, ex);
        }
        finally
        {
            response?.Dispose();
        }
    }

    private async Task<AwsCredentials> GetCredentialsAsync(AwsRequest request, CancellationToken cancellationToken)
    {
        ImmutableCredentials found;
        try
        {
            found = await configuration.Credentials.GetCredentialsAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonClientException ex)
        {
            throw new AwsApiException(service.Name, request.Operation, 0, "NoCredentials", $"no AWS credentials found: {ex.Message}", innerException: ex);
        }

        return new AwsCredentials(found.AccessKey, found.SecretKey, string.IsNullOrEmpty(found.Token) ? null : found.Token);
    }

    private HttpRequestMessage Build(AwsRequest request, ResolvedEndpoint endpoint, AwsCredentials credentials)
    {
        var time = configuration.Time.GetUtcNow();
        var host = request.HostPrefix is null ? endpoint.Uri.Authority : $"{request.HostPrefix}.{endpoint.Uri.Authority}";
        var basePath = endpoint.Uri.AbsolutePath.TrimEnd('/');
        var path = basePath + request.Path;
        byte[] body;
        string? contentType = request.ContentType;
        if (request.Form is { } form)
        {
            var parameters = service.SigningName == "sdb"
                ? SigV2Signer.Sign(request.Method.Method, host, path, form, credentials, time)
                : form;
            body = Encoding.UTF8.GetBytes(string.Join('&', parameters.Select(p => $"{AwsUri.Encode(p.Key)}={AwsUri.Encode(p.Value)}")));
            contentType = FormContentType.ToString();
        }
        else
        {
            body = request.Body;
        }

        // Built as text: UriBuilder would escape the '%' of a path that is already encoded.
        var uri = new Uri($"{endpoint.Uri.Scheme}://{host}{path}{(request.Query.Length > 0 ? "?" + request.Query : string.Empty)}");
        var message = new HttpRequestMessage(request.Method, uri) { Content = new ByteArrayContent(body) };
        // Identifies Lifeguard in CloudTrail. The trailing region is how local emulators (moto) route unsigned-header
        // SigV2 calls, as they do for botocore's agent string.
        message.Headers.TryAddWithoutValidation("User-Agent", $"lifeguard/1.0 dotnet/{System.Environment.Version} region/{endpoint.SigningRegion}");
        if (contentType is not null)
        {
            message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        if (service.SigningName == "sdb")
        {
            return message;
        }

        var headers = new List<KeyValuePair<string, string>> { new("Host", host) };
        if (contentType is not null)
        {
            headers.Add(new("Content-Type", contentType));
        }

        headers.AddRange(request.Headers);
        var isS3 = service.SigningName == "s3";
        var signing = new SigningRequest(request.Method.Method, path, request.Query, headers, SigV4Signer.HashHex(body));
        var signature = SigV4Signer.Sign(signing, credentials, new SigningOptions(
            endpoint.SigningRegion, service.SigningName, time, NormalizePath: !isS3, EncodePath: !isS3, SignBody: isS3));
        foreach (var (key, value) in request.Headers.Concat(signature.AddedHeaders))
        {
            if (!message.Headers.TryAddWithoutValidation(key, value))
            {
                message.Content.Headers.TryAddWithoutValidation(key, value);
            }
        }

        return message;
    }

    /// <summary>
    /// A failed attempt. Whether it may have taken effect decides the retry; the exception carries that flag only for a
    /// call that is not idempotent, the one case where the caller must look before acting again.
    /// </summary>
    private (AwsResponse? Response, AwsApiException? Error, bool MayHaveTakenEffect) Failure(
        AwsRequest request, int status, string code, string message, string? requestId, bool mayHaveTakenEffect, Exception? inner) =>
        (null,
         new AwsApiException(service.Name, request.Operation, status, code, message, requestId,
             mayHaveTakenEffect && request.Idempotency == Idempotency.NotIdempotent, inner),
         mayHaveTakenEffect);

}
