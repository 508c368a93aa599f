using System.Text.Json;
using Lifeguard.Aws.Signing;
using Lifeguard.TestSupport;

namespace Lifeguard.Aws.Tests.Signing;

/// <summary>SigV2 against botocore's own SigV2Auth, for a set of SimpleDB requests.</summary>
[Trait("Category", "Integration")]
public sealed class SigV2SignerTests
{
    private const string BotocoreSigner = """
        import json, sys, time
        import botocore.auth
        from botocore.awsrequest import AWSRequest
        from botocore.credentials import Credentials
        cases = json.load(sys.stdin)
        fixed = time.struct_time((2026, 11, 21, 3, 0, 0, 5, 325, 0))
        botocore.auth.time.gmtime = lambda *args: fixed
        out = []
        for case in cases:
            credentials = Credentials(case["key"], case["secret"], case.get("token"))
            request = AWSRequest(method="POST", url=case["url"], data=dict(case["params"]))
            botocore.auth.SigV2Auth(credentials).add_auth(request)
            out.append(request.data["Signature"])
        print(json.dumps(out))
        """;

    public static TheoryData<string, string, string[]> Requests() => new()
    {
        { "https://sdb.amazonaws.com/", "Action=CreateDomain", ["DomainName", "snapshot"] },
        { "https://sdb.eu-west-1.amazonaws.com/", "Action=PutAttributes", ["DomainName", "snapshot", "ItemName", "snap-0123456789abcdef0", "Attribute.1.Name", "expires", "Attribute.1.Value", "2026-11-28T03:00:00Z", "Attribute.1.Replace", "true", "Expected.1.Name", "volume", "Expected.1.Exists", "false"] },
        { "https://sdb.amazonaws.com/", "Action=Select", ["SelectExpression", "select * from `snapshot` where expires < '2026-11-21T03:00:00Z'", "NextToken", "rO0ABXNy+/="] },
        { "http://127.0.0.1:5000/", "Action=DeleteAttributes", ["DomainName", "snapshot", "ItemName", "snap ü ~*'()"] },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Sign_SimpleDbRequest_EqualsBotocore(string url, string action, string[] flat)
    {
        var parameters = new List<KeyValuePair<string, string>> { new("Action", action["Action=".Length..]), new("Version", "2009-04-15") };
        for (var i = 0; i < flat.Length; i += 2)
        {
            parameters.Add(new(flat[i], flat[i + 1]));
        }

        foreach (var credentials in new[] { new AwsCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"), new AwsCredentials("ASIAEXAMPLE", "secret/with+chars", "session/token+=") })
        {
            var input = JsonSerializer.Serialize(
                new[] { new BotocoreCase(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken, url, parameters.ToDictionary(p => p.Key, p => p.Value)) },
                SigningTestJsonContext.Default.BotocoreCaseArray);
            var expected = JsonSerializer.Deserialize(await Python.RunAsync(BotocoreSigner, stdin: input), SigningTestJsonContext.Default.StringArray)![0];
            var uri = new Uri(url);

            var signed = SigV2Signer.Sign("POST", uri.Authority, uri.AbsolutePath, parameters, credentials, new DateTimeOffset(2026, 11, 21, 3, 0, 0, TimeSpan.Zero));

            Assert.Equal(expected, signed.Single(p => p.Key == "Signature").Value);
        }
    }
}
