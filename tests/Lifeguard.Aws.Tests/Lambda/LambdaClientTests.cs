using System.Net;
using Lifeguard.Aws.Lambda;
using Lifeguard.TestSupport;

namespace Lifeguard.Aws.Tests.Lambda;

/// <summary>The request Lambda's Invoke API expects (moto runs functions only in Docker, so a stub answers as Lambda does).</summary>
public sealed class LambdaClientTests
{
    [Fact]
    public async Task InvokeAsyncEventAsync_SendsTheEventSignedForLambdaAsAnAsynchronousInvocation()
    {
        var stub = new StubHandler().Answer(HttpStatusCode.Accepted, string.Empty);

        await new LambdaClient(stub.Configuration()).InvokeAsyncEventAsync("Lifeguard-Snapshot", """{"tier":"daily"}""", CancellationToken.None);

        var (request, body) = Assert.Single(stub.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/Lifeguard-Snapshot/invocations", request.RequestUri!.ToString());
        Assert.Equal("Event", request.Headers.GetValues("X-Amz-Invocation-Type").Single());
        Assert.Contains("/us-east-1/lambda/aws4_request", request.Headers.GetValues("Authorization").Single(), StringComparison.Ordinal);
        Assert.Equal("""{"tier":"daily"}""", body);
    }

    [Fact]
    public async Task InvokeAsyncEventAsync_FunctionMissing_FailsWithLambdasErrorCode()
    {
        var stub = new StubHandler().Answer(HttpStatusCode.NotFound, """{"Type":"User","message":"Function not found: arn:aws:lambda:us-east-1:123456789012:function:absent"}""");

        var ex = await Assert.ThrowsAsync<AwsApiException>(() => new LambdaClient(stub.Configuration()).InvokeAsyncEventAsync("absent", "{}", CancellationToken.None));

        Assert.Equal(404, ex.StatusCode);
        Assert.Contains("Function not found", ex.Message, StringComparison.Ordinal);
    }
}
