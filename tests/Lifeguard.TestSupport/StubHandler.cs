using System.Net;
using System.Text;
using Amazon.Runtime;
using Lifeguard.Aws;

namespace Lifeguard.TestSupport;

/// <summary>Answers each request with the next queued document and records what was sent.</summary>
public sealed class StubHandler : HttpMessageHandler
{
    private readonly Queue<(HttpStatusCode Status, string Body)> _answers = new();

    public List<(HttpRequestMessage Request, string Body)> Requests { get; } = [];

    public StubHandler Answer(HttpStatusCode status, string body)
    {
        _answers.Enqueue((status, body));
        return this;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Add((request, body));
        var (status, answer) = _answers.Count > 0 ? _answers.Dequeue() : throw new InvalidOperationException("no answer queued");
        return new HttpResponseMessage(status) { Content = new StringContent(answer, Encoding.UTF8, "text/xml") };
    }

    public AwsConfiguration Configuration() => new()
    {
        Region = "us-east-1",
        Credentials = new BasicAWSCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
        Http = new HttpClient(this, disposeHandler: false),
        Jitter = () => 0,
    };

    /// <summary>For an AWS SDK client's config: every request goes to this stub.</summary>
    public HttpClientFactory SdkFactory() => new Factory(new HttpClient(this, disposeHandler: false));

    private sealed class Factory(HttpClient client) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => client;

        public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

        public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;
    }
}
