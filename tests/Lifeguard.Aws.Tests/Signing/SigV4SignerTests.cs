using Lifeguard.Aws.Signing;

namespace Lifeguard.Aws.Tests.Signing;

public sealed class SigV4SignerTests
{
    private static readonly AwsCredentials ExampleKeys = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    private static readonly DateTimeOffset ExampleTime = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);

    /// <summary>The worked example of the AWS General Reference ("Signature Version 4 signing process", IAM ListUsers).</summary>
    [Fact]
    public void Sign_DocumentationWorkedExample_GivesThePublishedSignature()
    {
        var request = new SigningRequest(
            "GET", "/", "Action=ListUsers&Version=2010-05-08",
            [new("Host", "iam.amazonaws.com"), new("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
            SigV4Signer.EmptyPayloadHash);

        var result = SigV4Signer.Sign(request, ExampleKeys, new SigningOptions("us-east-1", "iam", ExampleTime));

        Assert.Equal(
            "GET\n/\nAction=ListUsers&Version=2010-05-08\ncontent-type:application/x-www-form-urlencoded; charset=utf-8\nhost:iam.amazonaws.com\nx-amz-date:20150830T123600Z\n\ncontent-type;host;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            result.CanonicalRequest);
        Assert.EndsWith("f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59", result.StringToSign, StringComparison.Ordinal);
        Assert.Equal("5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7", result.Signature);
    }

    [Fact]
    public void Sign_S3Style_KeepsTheEncodedPathAsItIs()
    {
        var request = new SigningRequest("GET", "/bucket/a%20b/c", string.Empty, [new("Host", "s3.amazonaws.com")], SigV4Signer.EmptyPayloadHash);

        var s3 = SigV4Signer.Sign(request, ExampleKeys, new SigningOptions("us-east-1", "s3", ExampleTime, NormalizePath: false, EncodePath: false, SignBody: true));
        var other = SigV4Signer.Sign(request, ExampleKeys, new SigningOptions("us-east-1", "service", ExampleTime));

        Assert.StartsWith("GET\n/bucket/a%20b/c\n", s3.CanonicalRequest, StringComparison.Ordinal);
        Assert.StartsWith("GET\n/bucket/a%2520b/c\n", other.CanonicalRequest, StringComparison.Ordinal);
        Assert.Contains(s3.AddedHeaders, h => h.Key == "x-amz-content-sha256");
    }

    [Fact]
    public void ToString_Credentials_NeverShowsTheSecret()
    {
        var text = new AwsCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "token-123").ToString();

        Assert.DoesNotContain("wJalrXUtnFEMI", text, StringComparison.Ordinal);
        Assert.DoesNotContain("token-123", text, StringComparison.Ordinal);
    }
}
