using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Lifeguard.Aws.Signing;

/// <summary>AWS Signature Version 2 (HmacSHA256), which SimpleDB still requires; parameters travel in the form body.</summary>
public static class SigV2Signer
{
    /// <summary>The parameters with AWSAccessKeyId, SignatureVersion, SignatureMethod, Timestamp, SecurityToken and Signature added.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Sign(
        string method,
        string hostAndPort,
        string path,
        IEnumerable<KeyValuePair<string, string>> parameters,
        AwsCredentials credentials,
        DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(credentials);
        var all = parameters.Where(p => p.Key != "Signature").ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        all["AWSAccessKeyId"] = credentials.AccessKeyId;
        all["SignatureVersion"] = "2";
        all["SignatureMethod"] = "HmacSHA256";
        all["Timestamp"] = time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        if (credentials.SessionToken is { } token)
        {
            all["SecurityToken"] = token;
        }

        var stringToSign = StringToSign(method, hostAndPort, path, all);
        var signature = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(credentials.SecretAccessKey), Encoding.UTF8.GetBytes(stringToSign)));
        return [.. all.OrderBy(p => p.Key, StringComparer.Ordinal), new("Signature", signature)];
    }

    public static string StringToSign(string method, string hostAndPort, string path, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var query = string.Join('&', parameters
            .Where(p => p.Key != "Signature")
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => $"{AwsUri.Encode(p.Key)}={AwsUri.Encode(p.Value)}"));
        return $"{method}\n{hostAndPort}\n{(path.Length == 0 ? "/" : path)}\n{query}";
    }
}
