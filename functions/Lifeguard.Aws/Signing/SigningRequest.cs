namespace Lifeguard.Aws.Signing;

/// <summary>
/// A request as it will go on the wire: <paramref name="Path"/> and <paramref name="Query"/> exactly as in the request
/// line (already percent-encoded where needed), headers in order (a name may repeat), and the hex SHA-256 of the body.
/// </summary>
public sealed record SigningRequest(
    string Method,
    string Path,
    string Query,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    string PayloadHash);
