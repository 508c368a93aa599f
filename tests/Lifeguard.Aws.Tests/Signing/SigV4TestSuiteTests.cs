using System.Globalization;
using System.Text;
using System.Text.Json;
using Lifeguard.Aws.Signing;
using Lifeguard.TestSupport;
using Xunit.Abstractions;

namespace Lifeguard.Aws.Tests.Signing;

/// <summary>Every case of the AWS SigV4 test suite (awslabs/aws-c-auth), header and query variants.</summary>
public sealed class SigV4TestSuiteTests(ITestOutputHelper output)
{
    private static readonly string SuiteDirectory = Path.Combine(RepositoryPaths.SharedTestData, "aws-sigv4-test-suite", "v4");

    public static TheoryData<string> Cases()
    {
        var cases = new TheoryData<string>();
        if (!Directory.Exists(SuiteDirectory))
        {
            cases.Add("(suite absent)");
            return cases;
        }

        foreach (var directory in Directory.GetDirectories(SuiteDirectory).Order(StringComparer.Ordinal))
        {
            cases.Add(Path.GetFileName(directory));
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Sign_SuiteCase_ReproducesEveryHeaderFile(string name)
    {
        if (Load(name) is not { } suite)
        {
            return;
        }

        var result = SigV4Signer.Sign(suite.Request, suite.Credentials, suite.Options);

        Assert.Equal(suite.Expected("header-canonical-request.txt"), result.CanonicalRequest);
        Assert.Equal(suite.Expected("header-string-to-sign.txt"), result.StringToSign);
        Assert.Equal(suite.Expected("header-signature.txt"), result.Signature);
        var signed = new StringBuilder(suite.RequestLine(suite.Request.Query)).Append('\n');
        foreach (var line in suite.HeaderLines)
        {
            signed.Append(line).Append('\n');
        }

        foreach (var (key, value) in result.AddedHeaders)
        {
            signed.Append(key).Append(':').Append(value).Append('\n');
        }

        signed.Append('\n').Append(suite.Body);
        Assert.Equal(suite.Expected("header-signed-request.txt").TrimEnd(), signed.ToString().TrimEnd());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Presign_SuiteCase_ReproducesEveryQueryFile(string name)
    {
        if (Load(name) is not { } suite || !File.Exists(Path.Combine(SuiteDirectory, name, "query-signature.txt")))
        {
            return;
        }

        var result = SigV4Signer.Presign(suite.Request, suite.Credentials, suite.Options, suite.Expires);

        Assert.Equal(suite.Expected("query-canonical-request.txt"), result.CanonicalRequest);
        Assert.Equal(suite.Expected("query-string-to-sign.txt"), result.StringToSign);
        Assert.Equal(suite.Expected("query-signature.txt"), result.Signature);
        var signed = new StringBuilder(suite.RequestLine(result.Query)).Append('\n');
        foreach (var line in suite.HeaderLines)
        {
            signed.Append(line).Append('\n');
        }

        signed.Append('\n').Append(suite.Body);
        Assert.Equal(suite.Expected("query-signed-request.txt").TrimEnd(), signed.ToString().TrimEnd());
    }

    private SuiteCase? Load(string name)
    {
        if (!Directory.Exists(SuiteDirectory))
        {
            output.WriteLine($"skipped: {SuiteDirectory} is absent (it is present in CI)");
            return null;
        }

        return SuiteCase.Read(Path.Combine(SuiteDirectory, name));
    }

    private sealed record SuiteCase(
        string Directory,
        SigningRequest Request,
        AwsCredentials Credentials,
        SigningOptions Options,
        TimeSpan Expires,
        IReadOnlyList<string> HeaderLines,
        string Body)
    {
        public string Expected(string file) => File.ReadAllText(System.IO.Path.Combine(Directory, file)).ReplaceLineEndings("\n");

        public string RequestLine(string query) => $"{Request.Method} {Request.Path}{(query.Length > 0 ? "?" + query : string.Empty)} HTTP/1.1";

        public static SuiteCase Read(string directory)
        {
            using var context = JsonDocument.Parse(File.ReadAllText(System.IO.Path.Combine(directory, "context.json")));
            var root = context.RootElement;
            var credentials = root.GetProperty("credentials");
            var raw = File.ReadAllText(System.IO.Path.Combine(directory, "request.txt")).ReplaceLineEndings("\n");
            var headerEnd = raw.IndexOf("\n\n", StringComparison.Ordinal);
            var head = headerEnd < 0 ? raw.TrimEnd('\n') : raw[..headerEnd];
            var body = headerEnd < 0 ? string.Empty : raw[(headerEnd + 2)..];
            var lines = head.Split('\n');
            var requestLine = lines[0];
            var method = requestLine[..requestLine.IndexOf(' ', StringComparison.Ordinal)];
            var target = requestLine[(method.Length + 1)..requestLine.LastIndexOf(" HTTP/", StringComparison.Ordinal)];
            var question = target.IndexOf('?', StringComparison.Ordinal);
            var headers = new List<KeyValuePair<string, string>>();
            foreach (var line in lines.Skip(1))
            {
                if (line.Length > 0 && char.IsWhiteSpace(line[0]))
                {
                    var last = headers[^1];
                    headers[^1] = new(last.Key, last.Value + " " + line.Trim());
                    continue;
                }

                var colon = line.IndexOf(':', StringComparison.Ordinal);
                headers.Add(new(line[..colon], line[(colon + 1)..]));
            }

            var request = new SigningRequest(
                method,
                question < 0 ? target : target[..question],
                question < 0 ? string.Empty : target[(question + 1)..],
                headers,
                SigV4Signer.HashHex(Encoding.UTF8.GetBytes(body)));
            var options = new SigningOptions(
                root.GetProperty("region").GetString()!,
                root.GetProperty("service").GetString()!,
                DateTimeOffset.Parse(root.GetProperty("timestamp").GetString()!, CultureInfo.InvariantCulture),
                NormalizePath: root.GetProperty("normalize").GetBoolean(),
                SignBody: root.GetProperty("sign_body").GetBoolean(),
                OmitSessionToken: root.TryGetProperty("omit_session_token", out var omit) && omit.GetBoolean());
            return new SuiteCase(
                directory,
                request,
                new AwsCredentials(
                    credentials.GetProperty("access_key_id").GetString()!,
                    credentials.GetProperty("secret_access_key").GetString()!,
                    credentials.TryGetProperty("token", out var token) ? token.GetString() : null),
                options,
                TimeSpan.FromSeconds(root.GetProperty("expiration_in_seconds").GetInt32()),
                lines.Skip(1).ToList(),
                body);
        }
    }
}
