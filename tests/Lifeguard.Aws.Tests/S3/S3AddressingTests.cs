using System.Net;
using Lifeguard.Aws.S3;

namespace Lifeguard.Aws.Tests.S3;

public sealed class S3AddressingTests : IDisposable
{
    private readonly StubHandler _handler = new();

    [Theory]
    [InlineData("lifeguard-jobs", "in/photo 1.jpg", "https://lifeguard-jobs.s3.us-east-1.amazonaws.com/in/photo%201.jpg")]
    [InlineData("jobs.example.com", "a+b.pdf", "https://s3.us-east-1.amazonaws.com/jobs.example.com/a%2Bb.pdf")]
    public async Task HeadObjectAsync_BucketName_VirtualHostedUnlessItCannotBeADnsLabel(string bucket, string key, string expected)
    {
        _handler.Answer(HttpStatusCode.OK, string.Empty);

        await new S3Client(_handler.Configuration()).HeadObjectAsync(bucket, key, CancellationToken.None);

        var request = Assert.Single(_handler.Requests).Request;
        Assert.Equal(expected, request.RequestUri!.AbsoluteUri);
        Assert.True(request.Headers.Contains("x-amz-content-sha256"));
        Assert.Contains("/s3/aws4_request", request.Headers.GetValues("Authorization").Single(), StringComparison.Ordinal);
    }

    public void Dispose() => _handler.Dispose();
}
