namespace Lifeguard.Aws;

/// <summary>
/// Everything that goes wrong talking to AWS, from an error answer to a dropped connection or missing credentials.
/// <see cref="MayHaveTakenEffect"/> tells the caller of a call that is not idempotent that it must look before retrying.
/// </summary>
public sealed class AwsApiException : Exception
{
    private static readonly HashSet<string> ThrottlingCodes = new(StringComparer.Ordinal)
    {
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
        "ProvisionedThroughputExceededException", "TransactionInProgressException", "RequestLimitExceeded",
        "BandwidthLimitExceeded", "RequestThrottled", "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException",
        // EC2's per-volume limits on snapshots in progress: refused, not carried out, so waiting and retrying is safe.
        "SnapshotCreationPerVolumeRateExceeded", "ConcurrentSnapshotLimitExceeded",
    };

    private static readonly HashSet<string> TransientCodes = new(StringComparer.Ordinal)
    {
        "RequestTimeout", "RequestTimeoutException", "InternalError", "InternalFailure", "ServiceUnavailable", "Unavailable",
    };

    public AwsApiException(
        string service,
        string operation,
        int statusCode,
        string errorCode,
        string message,
        string? requestId = null,
        bool mayHaveTakenEffect = false,
        Exception? innerException = null)
        : base($"{service} {operation} failed: {errorCode}: {message}{(requestId is null ? string.Empty : $" (request id {requestId})")}", innerException)
    {
        Service = service;
        Operation = operation;
        StatusCode = statusCode;
        ErrorCode = errorCode;
        ErrorMessage = message;
        RequestId = requestId;
        MayHaveTakenEffect = mayHaveTakenEffect;
    }

    public AwsApiException() : this("aws", "unknown", 0, "Unknown", "unknown error") { }

    public AwsApiException(string message) : this("aws", "unknown", 0, "Unknown", message) { }

    public AwsApiException(string message, Exception innerException) : this("aws", "unknown", 0, "Unknown", message, innerException: innerException) { }

    public string Service { get; }

    public string Operation { get; }

    /// <summary>The HTTP status, or 0 when no answer came (connection failure, timeout, no credentials).</summary>
    public int StatusCode { get; }

    public string ErrorCode { get; }

    public string ErrorMessage { get; }

    public string? RequestId { get; }

    /// <summary>The service may have carried the call out even though no success answer arrived.</summary>
    public bool MayHaveTakenEffect { get; }

    public bool IsThrottling => IsThrottlingError(ErrorCode, StatusCode);

    /// <summary>Worth trying again: throttling, a server-side fault, a timeout or a dropped connection.</summary>
    public bool IsRetryable => IsThrottling || TransientCodes.Contains(ErrorCode) || StatusCode >= 500 || ErrorCode is TransportErrorCode or TimeoutErrorCode;

    /// <summary>EC2's answer to a dry run that would have succeeded.</summary>
    public bool IsDryRunSuccess => ErrorCode == "DryRunOperation";

    public const string TransportErrorCode = "TransportError";

    /// <summary>The same failure with a note on how it ended (retries given up, the deadline came).</summary>
    internal AwsApiException WithNote(string note, Exception inner) =>
        new(Service, Operation, StatusCode, ErrorCode, $"{ErrorMessage} ({note})", RequestId, MayHaveTakenEffect, inner);

    /// <summary>Refused or unresolvable: the request never left this machine, so it cannot have taken effect.</summary>
    internal static bool NeverSent(HttpRequestException exception) =>
        exception.InnerException is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionRefused or System.Net.Sockets.SocketError.HostNotFound or System.Net.Sockets.SocketError.HostUnreachable or System.Net.Sockets.SocketError.NetworkUnreachable }
        || exception.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError;

    internal static bool IsThrottlingError(string errorCode, int statusCode) => ThrottlingCodes.Contains(errorCode) || statusCode == 429;
    public const string TimeoutErrorCode = "Timeout";
}
