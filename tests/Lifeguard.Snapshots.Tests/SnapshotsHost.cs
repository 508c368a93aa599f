using System.Text.Json;
using Lifeguard.Runtime.Hosting;
using Lifeguard.TestSupport;

namespace Lifeguard.Snapshots.Tests;

/// <summary>Runs the real function package in local-invoke mode against a moto server, as `make demo` does.</summary>
public sealed class SnapshotsHost(MotoFixture moto, IReadOnlyDictionary<string, string?>? extra = null)
{
    public async Task<JsonElement> InvokeAsync(string handler, string eventJson, params string[] flags)
    {
        var file = Path.Combine(Path.GetTempPath(), $"lifeguard-event-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, eventJson);
        try
        {
            var environment = new Dictionary<string, string?>(moto.AwsEnvironment())
            {
                ["HOME"] = Path.GetTempPath(),
                ["LIFEGUARD_EC2_BUCKET_REFILL_PER_SECOND"] = "1000",
            };
            foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
            {
                environment[key] = value;
            }

            using var result = new StringWriter();
            using var error = new StringWriter();
            var exitCode = await LambdaHost.RunAsync(
                ["invoke", "--handler", handler, "--event", file, .. flags],
                SnapshotsComposition.Register,
                new LambdaHostOptions { Environment = new DictionaryEnvironment(environment), Result = result, Error = error, Log = error },
                CancellationToken.None);
            Assert.True(exitCode == 0, $"{handler} exited {exitCode}:\n{error}");
            return JsonDocument.Parse(result.ToString()).RootElement.Clone();
        }
        finally
        {
            File.Delete(file);
        }
    }

    public async Task<(int ExitCode, string Error)> InvokeFailingAsync(string handler, string eventJson)
    {
        var file = Path.Combine(Path.GetTempPath(), $"lifeguard-event-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, eventJson);
        try
        {
            using var error = new StringWriter();
            var exitCode = await LambdaHost.RunAsync(
                ["invoke", "--handler", handler, "--event", file],
                SnapshotsComposition.Register,
                new LambdaHostOptions { Environment = new DictionaryEnvironment(moto.AwsEnvironment()), Result = TextWriter.Null, Error = error, Log = error },
                CancellationToken.None);
            return (exitCode, error.ToString());
        }
        finally
        {
            File.Delete(file);
        }
    }
}
