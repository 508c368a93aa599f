using System.Net;
using System.Text.Json;

namespace Lifeguard.Aws.Credentials;

/// <summary>
/// The container credentials endpoint (ECS tasks, EKS Pod Identity, Lambda SnapStart, Greengrass):
/// AWS_CONTAINER_CREDENTIALS_RELATIVE_URI on 169.254.170.2, or AWS_CONTAINER_CREDENTIALS_FULL_URI, with the token
/// from AWS_CONTAINER_AUTHORIZATION_TOKEN(_FILE) in the Authorization header.
/// </summary>
public sealed class ContainerCredentialsProvider(Func<string, string?> environment, HttpClient http) : ICredentialsProvider
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public string Description => "container endpoint (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI / AWS_CONTAINER_CREDENTIALS_FULL_URI)";

    public async Task<AwsCredentials?> TryGetCredentialsAsync(CancellationToken cancellationToken)
    {
        Uri uri;
        if (environment("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") is { Length: > 0 } relative)
        {
            uri = new Uri("http://169.254.170.2" + relative);
        }
        else if (environment("AWS_CONTAINER_CREDENTIALS_FULL_URI") is { Length: > 0 } full)
        {
            uri = new Uri(full);
            if (uri.Scheme != Uri.UriSchemeHttps && !IsAllowedPlainHost(uri))
            {
                throw Failure($"AWS_CONTAINER_CREDENTIALS_FULL_URI {uri} must be https, or http on loopback or the container endpoints");
            }
        }
        else
        {
            return null;
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        var token = environment("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE") is { Length: > 0 } tokenFile
            ? (await File.ReadAllTextAsync(tokenFile, cancellationToken).ConfigureAwait(false)).Trim()
            : environment("AWS_CONTAINER_AUTHORIZATION_TOKEN");
        if (token is { Length: > 0 })
        {
            request.Headers.TryAddWithoutValidation("Authorization", token);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            using var response = await http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw Failure($"{uri} answered {(int)response.StatusCode}: {body}");
            }

            return JsonSerializer.Deserialize(body, AwsJsonContext.Default.ProcessCredentials)?.ToCredentials()
                ?? throw Failure($"{uri} answered nothing");
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw Failure($"{uri}: {ex.Message}", ex);
        }
    }

    private static bool IsAllowedPlainHost(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host, out var ip) && (ip.Equals(IPAddress.Parse("169.254.170.2")) || ip.Equals(IPAddress.Parse("169.254.170.23"))));

    private static AwsApiException Failure(string message, Exception? inner = null) =>
        new("credentials", "container", 0, "ContainerCredentialsFailed", message, innerException: inner);
}
