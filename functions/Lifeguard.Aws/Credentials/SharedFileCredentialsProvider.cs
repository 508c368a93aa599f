using System.Diagnostics;
using System.Text.Json;

namespace Lifeguard.Aws.Credentials;

/// <summary>The profile's static keys, or its credential_process, from the shared credentials and config files.</summary>
public sealed class SharedFileCredentialsProvider(Func<string, string?> environment) : ICredentialsProvider
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(30);

    public string Description
    {
        get
        {
            var files = SharedConfigFiles.Load(environment);
            return $"shared files (profile '{files.Profile}' in {files.CredentialsPath} and {files.ConfigPath})";
        }
    }

    public async Task<AwsCredentials?> TryGetCredentialsAsync(CancellationToken cancellationToken)
    {
        var files = SharedConfigFiles.Load(environment);
        if (files["aws_access_key_id"] is { Length: > 0 } key && files["aws_secret_access_key"] is { Length: > 0 } secret)
        {
            return new AwsCredentials(key, secret, files["aws_session_token"]);
        }

        return files["credential_process"] is { Length: > 0 } command
            ? await RunProcessAsync(command, cancellationToken).ConfigureAwait(false)
            : null;
    }

    private static async Task<AwsCredentials> RunProcessAsync(string command, CancellationToken cancellationToken)
    {
        using var process = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", command])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new AwsApiException("credentials", "credential_process", 0, "CredentialProcessFailed", "the process did not start");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProcessTimeout);
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var error = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                throw new AwsApiException("credentials", "credential_process", 0, "CredentialProcessFailed",
                    $"exited {process.ExitCode}: {(await error.ConfigureAwait(false)).Trim()}");
            }

            var parsed = JsonSerializer.Deserialize(await output.ConfigureAwait(false), AwsJsonContext.Default.ProcessCredentials);
            return parsed?.ToCredentials()
                ?? throw new AwsApiException("credentials", "credential_process", 0, "CredentialProcessFailed", "it printed nothing");
        }
        catch (JsonException ex)
        {
            throw new AwsApiException("credentials", "credential_process", 0, "CredentialProcessFailed", $"its output is not the credential JSON: {ex.Message}", innerException: ex);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
