using System.Diagnostics;
using Lifeguard.TestSupport;

namespace Lifeguard.TestSupport.Tests;

[Trait("Category", "Integration")]
public sealed class MotoServerTests
{
    [Fact]
    public async Task ResetAsync_AfterCreatingATopic_ForgetsIt()
    {
        await using var moto = new MotoServer();
        await moto.InitializeAsync();
        using var http = new HttpClient();

        await QueryAsync(http, moto, "Action=CreateTopic&Name=lifeguard-reset-check");
        Assert.Contains("lifeguard-reset-check", await QueryAsync(http, moto, "Action=ListTopics"), StringComparison.Ordinal);
        await moto.ResetAsync();

        Assert.DoesNotContain("lifeguard-reset-check", await QueryAsync(http, moto, "Action=ListTopics"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisposeAsync_RunningServer_StopsItsProcess()
    {
        var moto = new MotoServer();
        await moto.InitializeAsync();
        var pid = moto.ProcessId;
        Assert.True(moto.Endpoint.IsLoopback);

        await moto.DisposeAsync();

        Assert.Throws<ArgumentException>(() => Process.GetProcessById(pid));
    }

    private static async Task<string> QueryAsync(HttpClient http, MotoServer moto, string form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, moto.Endpoint)
        {
            Content = new StringContent(form + "&Version=2010-03-31", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        // moto routes by the service named in the credential scope; it does not check the signature.
        request.Headers.TryAddWithoutValidation("Authorization",
            "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/sns/aws4_request, SignedHeaders=host, Signature=0");
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return body;
    }
}
