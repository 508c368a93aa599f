namespace Lifeguard.Aws.Signing;

/// <param name="NormalizePath">Remove dot segments and repeated slashes from the path (every service but S3).</param>
/// <param name="EncodePath">Percent-encode the request-line path once more for the canonical request (every service but S3).</param>
/// <param name="SignBody">Add and sign x-amz-content-sha256 (S3 requires it).</param>
/// <param name="OmitSessionToken">Add the session token after signing instead of signing it (a few services want that).</param>
public sealed record SigningOptions(
    string Region,
    string Service,
    DateTimeOffset Time,
    bool NormalizePath = true,
    bool EncodePath = true,
    bool SignBody = false,
    bool OmitSessionToken = false);
