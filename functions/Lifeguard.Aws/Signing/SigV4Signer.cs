using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Lifeguard.Aws.Signing;

/// <summary>AWS Signature Version 4, with the Authorization header or presigned in the query string.</summary>
public static class SigV4Signer
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    public const string EmptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    public const string UnsignedPayload = "UNSIGNED-PAYLOAD";

    public static string HashHex(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    /// <summary>Signs with the Authorization header; returns the headers to add, in the order to add them.</summary>
    public static SignatureResult Sign(SigningRequest request, AwsCredentials credentials, SigningOptions options)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(options);
        var amzDate = AmzDate(options.Time);
        var added = new List<KeyValuePair<string, string>>();
        var signed = new List<KeyValuePair<string, string>>(request.Headers);
        if (credentials.SessionToken is { } token && !HasHeader(request.Headers, "X-Amz-Security-Token"))
        {
            added.Add(new("X-Amz-Security-Token", token));
            if (!options.OmitSessionToken)
            {
                signed.Add(new("X-Amz-Security-Token", token));
            }
        }

        added.Add(new("X-Amz-Date", amzDate));
        signed.Add(new("X-Amz-Date", amzDate));
        if (options.SignBody)
        {
            added.Add(new("x-amz-content-sha256", request.PayloadHash));
            signed.Add(new("x-amz-content-sha256", request.PayloadHash));
        }

        var (canonicalHeaders, signedHeaders) = CanonicalHeaders(signed);
        var canonical = CanonicalRequest(request.Method, CanonicalPath(request.Path, options), CanonicalQuery(request.Query), canonicalHeaders, signedHeaders, request.PayloadHash);
        var scope = Scope(options);
        var stringToSign = StringToSign(amzDate, scope, canonical);
        var signature = Signature(credentials.SecretAccessKey, options, stringToSign);
        added.Add(new("Authorization", $"{Algorithm} Credential={credentials.AccessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}"));
        return new SignatureResult(canonical, stringToSign, signature, added, request.Query);
    }

    /// <summary>Presigns: every header of the request is signed, the signature goes in the query string.</summary>
    public static SignatureResult Presign(SigningRequest request, AwsCredentials credentials, SigningOptions options, TimeSpan expires)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(options);
        var amzDate = AmzDate(options.Time);
        var scope = Scope(options);
        var (canonicalHeaders, signedHeaders) = CanonicalHeaders(request.Headers);
        var authParameters = new List<string>
        {
            $"X-Amz-Algorithm={Algorithm}",
            $"X-Amz-Credential={AwsUri.Encode($"{credentials.AccessKeyId}/{scope}")}",
            $"X-Amz-Date={amzDate}",
            $"X-Amz-SignedHeaders={AwsUri.Encode(signedHeaders)}",
            $"X-Amz-Expires={(long)expires.TotalSeconds}",
        };
        if (credentials.SessionToken is { } token && !options.OmitSessionToken)
        {
            authParameters.Add($"X-Amz-Security-Token={AwsUri.Encode(token)}");
        }

        var query = request.Query.Length == 0 ? string.Join('&', authParameters) : request.Query + "&" + string.Join('&', authParameters);
        var canonical = CanonicalRequest(request.Method, CanonicalPath(request.Path, options), CanonicalQuery(query), canonicalHeaders, signedHeaders, request.PayloadHash);
        var stringToSign = StringToSign(amzDate, scope, canonical);
        var signature = Signature(credentials.SecretAccessKey, options, stringToSign);
        if (credentials.SessionToken is { } omitted && options.OmitSessionToken)
        {
            query += $"&X-Amz-Security-Token={AwsUri.Encode(omitted)}";
        }

        return new SignatureResult(canonical, stringToSign, signature, [], query + $"&X-Amz-Signature={signature}");
    }

    public static string AmzDate(DateTimeOffset time) => time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    private static string Scope(SigningOptions options) =>
        $"{options.Time.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}/{options.Region}/{options.Service}/aws4_request";

    private static string CanonicalRequest(string method, string path, string query, string headers, string signedHeaders, string payloadHash) =>
        $"{method}\n{path}\n{query}\n{headers}\n{signedHeaders}\n{payloadHash}";

    private static string StringToSign(string amzDate, string scope, string canonicalRequest) =>
        $"{Algorithm}\n{amzDate}\n{scope}\n{HashHex(Encoding.UTF8.GetBytes(canonicalRequest))}";

    private static string Signature(string secretKey, SigningOptions options, string stringToSign)
    {
        var date = options.Time.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secretKey), date);
        key = Hmac(key, options.Region);
        key = Hmac(key, options.Service);
        key = Hmac(key, "aws4_request");
        return Convert.ToHexStringLower(Hmac(key, stringToSign));
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static bool HasHeader(IEnumerable<KeyValuePair<string, string>> headers, string name) =>
        headers.Any(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The path as in the request line, normalized (dot segments, repeated slashes) and encoded once more, as the options say.</summary>
    internal static string CanonicalPath(string path, SigningOptions options)
    {
        var normalized = options.NormalizePath ? Normalize(path) : path.Length == 0 ? "/" : path;
        return options.EncodePath ? AwsUri.Encode(normalized, keepSlash: true) : normalized;
    }

    private static string Normalize(string path)
    {
        var segments = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            switch (segment)
            {
                case "" or ".":
                    break;
                case "..":
                    if (segments.Count > 0)
                    {
                        segments.RemoveAt(segments.Count - 1);
                    }

                    break;
                default:
                    segments.Add(segment);
                    break;
            }
        }

        var normalized = "/" + string.Join('/', segments);
        if (segments.Count > 0 && path.EndsWith('/'))
        {
            normalized += "/";
        }

        return normalized;
    }

    /// <summary>Each name and value decoded then encoded again, sorted by name then value.</summary>
    internal static string CanonicalQuery(string query)
    {
        if (query.Length == 0)
        {
            return string.Empty;
        }

        var pairs = query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(part =>
            {
                var equals = part.IndexOf('=', StringComparison.Ordinal);
                var name = equals < 0 ? part : part[..equals];
                var value = equals < 0 ? string.Empty : part[(equals + 1)..];
                return (Name: AwsUri.Encode(AwsUri.Decode(name)), Value: AwsUri.Encode(AwsUri.Decode(value)));
            })
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal);
        return string.Join('&', pairs.Select(p => $"{p.Name}={p.Value}"));
    }

    /// <summary>Names lower case and sorted; values trimmed, inner runs of spaces collapsed, repeats joined by commas.</summary>
    private static (string Canonical, string Signed) CanonicalHeaders(IEnumerable<KeyValuePair<string, string>> headers)
    {
        var grouped = headers
            .GroupBy(h => h.Key.ToLowerInvariant(), h => CollapseWhitespace(h.Value))
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToList();
        var canonical = new StringBuilder();
        foreach (var group in grouped)
        {
            canonical.Append(group.Key).Append(':').Append(string.Join(',', group)).Append('\n');
        }

        return (canonical.ToString(), string.Join(';', grouped.Select(g => g.Key)));
    }

    private static string CollapseWhitespace(string value)
    {
        var builder = new StringBuilder(value.Length);
        var pendingSpace = false;
        foreach (var c in value.Trim())
        {
            if (c is ' ' or '\t' or '\n' or '\r')
            {
                pendingSpace = true;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }
}
