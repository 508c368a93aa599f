using System.Net;
using Lifeguard.Aws.Credentials;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Lifeguard.Aws.Tests.Credentials;

public sealed class CredentialChainTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("lifeguard-home-").FullName;
    private readonly Dictionary<string, string?> _environment = new();
    private readonly HttpClient _http = new();
    // An hour before the 01:00 expiry the credential sources below return (FakeTimeProvider itself starts in 2000).
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public CredentialChainTests() => _environment["HOME"] = _home;

    [Fact]
    public async Task GetCredentialsAsync_EnvironmentAndFiles_EnvironmentWins()
    {
        _environment["AWS_ACCESS_KEY_ID"] = "AKIAENV";
        _environment["AWS_SECRET_ACCESS_KEY"] = "env-secret";
        _environment["AWS_SESSION_TOKEN"] = "env-token";
        WriteAws("credentials", "[default]\naws_access_key_id = AKIAFILE\naws_secret_access_key = file-secret\n");

        var credentials = await CreateSut().GetCredentialsAsync(CancellationToken.None);

        Assert.Equal(("AKIAENV", "env-secret", "env-token"), (credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken));
    }

    [Fact]
    public async Task GetCredentialsAsync_NamedProfile_ReadsItsSectionOfTheCredentialsFile()
    {
        _environment["AWS_PROFILE"] = "ops";
        WriteAws("credentials", "[default]\naws_access_key_id = AKIADEFAULT\naws_secret_access_key = d\n\n[ops]\naws_access_key_id = AKIAOPS\naws_secret_access_key = ops-secret\n");

        var credentials = await CreateSut().GetCredentialsAsync(CancellationToken.None);

        Assert.Equal("AKIAOPS", credentials.AccessKeyId);
    }

    [Fact]
    public async Task GetCredentialsAsync_CredentialProcessInConfig_RunsItAndKeepsTheExpiry()
    {
        WriteAws("config", "[profile default]\nregion = eu-west-1\ncredential_process = echo '{\"Version\": 1, \"AccessKeyId\": \"ASIAPROC\", \"SecretAccessKey\": \"proc-secret\", \"SessionToken\": \"proc-token\", \"Expiration\": \"2026-01-01T01:00:00Z\"}'\n");

        var credentials = await CreateSut().GetCredentialsAsync(CancellationToken.None);

        Assert.Equal("ASIAPROC", credentials.AccessKeyId);
        Assert.Equal("proc-token", credentials.SessionToken);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 1, 0, 0, TimeSpan.Zero), credentials.Expiration);
    }

    [Fact]
    public async Task GetCredentialsAsync_ContainerEndpoint_SendsTheTokenAndRefreshesBeforeExpiry()
    {
        var calls = 0;
        string? authorization = null;
        await using var server = await StartAsync(async http =>
        {
            authorization = http.Request.Headers.Authorization;
            var n = Interlocked.Increment(ref calls);
            await http.Response.WriteAsync($$"""{"AccessKeyId":"ASIACONTAINER{{n}}","SecretAccessKey":"s","Token":"t{{n}}","Expiration":"2026-01-01T01:00:00Z"}""");
        });
        _environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = server.Urls.Single() + "/creds";
        var tokenFile = Path.Combine(_home, "token");
        File.WriteAllText(tokenFile, "secret-token\n");
        _environment["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] = tokenFile;
        using var chain = CreateSut();

        var first = await chain.GetCredentialsAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(50));
        var cached = await chain.GetCredentialsAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(6));
        var refreshed = await chain.GetCredentialsAsync(CancellationToken.None);

        Assert.Equal("secret-token", authorization);
        Assert.Equal("t1", first.SessionToken);
        Assert.Same(first, cached);
        Assert.Equal("ASIACONTAINER2", refreshed.AccessKeyId);
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task GetCredentialsAsync_PlainHttpFullUriOffLoopback_IsRefused()
    {
        _environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = "http://192.0.2.10/creds";

        var ex = await Assert.ThrowsAsync<AwsApiException>(() => CreateSut().GetCredentialsAsync(CancellationToken.None));

        Assert.Equal("ContainerCredentialsFailed", ex.ErrorCode);
    }

    [Fact]
    public async Task GetCredentialsAsync_NothingAnywhere_ListsEverySourceTried()
    {
        var ex = await Assert.ThrowsAsync<AwsApiException>(() => CreateSut().GetCredentialsAsync(CancellationToken.None));

        Assert.Equal("NoCredentials", ex.ErrorCode);
        Assert.Contains("AWS_ACCESS_KEY_ID", ex.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_home, ".aws", "credentials"), ex.Message, StringComparison.Ordinal);
        Assert.Contains("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromEnvironment_RegionOnlyInTheProfile_IsUsed()
    {
        WriteAws("config", "[default]\nregion = ap-northeast-1\n");

        var configuration = AwsConfiguration.FromEnvironment(Lookup, _http);

        Assert.Equal("ap-northeast-1", configuration.Region);
    }

    [Fact]
    public void FromEnvironment_NoRegionAnywhere_SaysWhereItLooked()
    {
        var ex = Assert.Throws<AwsApiException>(() => AwsConfiguration.FromEnvironment(Lookup, _http));

        Assert.Contains("AWS_REGION", ex.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _http.Dispose();
        Directory.Delete(_home, recursive: true);
    }

    private string? Lookup(string name) => _environment.GetValueOrDefault(name);

    private CredentialChain CreateSut() => CredentialChain.Default(Lookup, _http, _time);

    private void WriteAws(string file, string text)
    {
        Directory.CreateDirectory(Path.Combine(_home, ".aws"));
        File.WriteAllText(Path.Combine(_home, ".aws", file), text);
    }

    private static async Task<WebApplication> StartAsync(RequestDelegate handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(handler);
        await app.StartAsync();
        return app;
    }
}
