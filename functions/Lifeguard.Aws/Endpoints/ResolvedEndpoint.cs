namespace Lifeguard.Aws.Endpoints;

/// <param name="IsCustom">Set by AWS_ENDPOINT_URL(_SERVICE): S3 then uses path-style addressing, as the SDKs do.</param>
public sealed record ResolvedEndpoint(Uri Uri, string SigningRegion, bool IsCustom);
