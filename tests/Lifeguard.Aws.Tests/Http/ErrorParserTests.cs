using System.Text;
using Lifeguard.Aws.Protocols;

namespace Lifeguard.Aws.Tests.Http;

public sealed class ErrorParserTests
{
    [Theory]
    [InlineData(400, """<Response><Errors><Error><Code>InvalidSnapshot.InUse</Code><Message>The snapshot is in use by ami-1</Message></Error></Errors><RequestID>r-ec2</RequestID></Response>""", "InvalidSnapshot.InUse", "The snapshot is in use by ami-1", "r-ec2")]
    [InlineData(400, """<ErrorResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><Error><Type>Sender</Type><Code>InvalidChangeBatch</Code><Message>Tried to delete resource record set but it was not found</Message></Error><RequestId>r-53</RequestId></ErrorResponse>""", "InvalidChangeBatch", "Tried to delete resource record set but it was not found", "r-53")]
    // Route 53's other shape for a change batch it refuses (the AWS Go SDK special-cases it): no Error element, a list of messages.
    [InlineData(400, """<?xml version="1.0"?><InvalidChangeBatch xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><Messages><Message>Tried to delete resource record set [name='lb.example.com.', type='A'] but it was not found</Message><Message>Second</Message></Messages><RequestId>r-icb</RequestId></InvalidChangeBatch>""", "InvalidChangeBatch", "Tried to delete resource record set [name='lb.example.com.', type='A'] but it was not found; Second", "r-icb")]
    [InlineData(404, """<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><RequestId>r-s3</RequestId></Error>""", "NoSuchKey", "The specified key does not exist.", "r-s3")]
    [InlineData(400, """{"__type":"com.amazonaws.secretsmanager#ResourceNotFoundException","message":"Secrets Manager can't find the specified secret."}""", "ResourceNotFoundException", "Secrets Manager can't find the specified secret.", null)]
    [InlineData(400, """{"__type":"ThrottlingException","Message":"Rate exceeded"}""", "ThrottlingException", "Rate exceeded", null)]
    [InlineData(404, "", "NotFound", "HTTP 404", null)]
    [InlineData(502, "<html>Bad Gateway</html>", "Http502", "<html>Bad Gateway</html>", null)]
    public void Parse_ErrorOfEachProtocol_GivesCodeMessageAndRequestId(int status, string body, string code, string message, string? requestId)
    {
        var parsed = ErrorParser.Parse(status, Encoding.UTF8.GetBytes(body), _ => null);

        Assert.Equal((code, message, requestId), parsed);
    }

    [Theory]
    [InlineData("RequestLimitExceeded")]
    [InlineData("SnapshotCreationPerVolumeRateExceeded")]
    [InlineData("ConcurrentSnapshotLimitExceeded")]
    [InlineData("PriorRequestNotComplete")]
    [InlineData("SlowDown")]
    public void IsThrottling_RefusedBeforeTakingEffect_IsRetryable(string code)
    {
        var error = new AwsApiException("EC2", "CreateSnapshot", 400, code, "slow down");

        Assert.True(error.IsThrottling);
        Assert.True(error.IsRetryable);
    }

    [Fact]
    public void Parse_RequestIdInAHeader_IsUsed()
    {
        var parsed = ErrorParser.Parse(400, Encoding.UTF8.GetBytes("""{"__type":"ValidationException","message":"bad"}"""),
            name => name == "x-amzn-RequestId" ? "hdr-1" : null);

        Assert.Equal("hdr-1", parsed.RequestId);
    }
}
