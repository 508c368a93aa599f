using System.Text.Json;
using Lifeguard.Aws;
using Amazon.Runtime;
using Xunit;

namespace Lifeguard.TestSupport;

/// <summary>One moto_server per test class; <see cref="ResetAsync"/> before each test gives it an empty account.</summary>
public sealed class MotoFixture : IAsyncLifetime
{
    private readonly MotoServer _moto = new();

    public HttpClient Http { get; } = new();

    public Uri Endpoint => _moto.Endpoint;

    /// <summary>The variables that point Lifeguard (and boto3) at this server.</summary>
    public IReadOnlyDictionary<string, string?> AwsEnvironment() => _moto.AwsEnvironment();

    public Task InitializeAsync() => _moto.InitializeAsync();

    public Task ResetAsync() => _moto.ResetAsync();

    public AwsConfiguration Configuration(Func<double>? jitter = null, Uri? endpoint = null)
    {
        var environment = new Dictionary<string, string?>(_moto.AwsEnvironment());
        if (endpoint is not null)
        {
            environment["AWS_ENDPOINT_URL"] = endpoint.ToString().TrimEnd('/');
        }

        string? Lookup(string name) => environment.TryGetValue(name, out var value) ? value : null;
        return new AwsConfiguration
        {
            Region = "us-east-1",
            Credentials = new BasicAWSCredentials(Lookup("AWS_ACCESS_KEY_ID"), Lookup("AWS_SECRET_ACCESS_KEY")),
            Http = Http,
            Environment = Lookup,
            Jitter = jitter ?? (() => 0),
        };
    }

    /// <summary>Runs a boto3 script against this moto (`ec2 = client("ec2")`) and parses the JSON it prints last.</summary>
    public async Task<JsonElement> Boto3Async(string script)
    {
        var prelude = """
            import json, boto3, base64
            def client(name, region="us-east-1"):
                return boto3.client(name, region_name=region)
            def out(value):
                print(json.dumps(value, default=str))

            """;
        var printed = await Python.RunAsync(prelude + script, _moto.AwsEnvironment());
        var last = printed.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "null";
        return JsonDocument.Parse(last).RootElement.Clone();
    }

    public async Task DisposeAsync()
    {
        await _moto.DisposeAsync();
        Http.Dispose();
    }
}
