namespace Lifeguard.Aws.Signing;

/// <summary>
/// What signing produced: the headers to add (header signing) or the final query string (presigning),
/// with the intermediate texts, which tests compare against the AWS test suite.
/// </summary>
public sealed record SignatureResult(
    string CanonicalRequest,
    string StringToSign,
    string Signature,
    IReadOnlyList<KeyValuePair<string, string>> AddedHeaders,
    string Query);
