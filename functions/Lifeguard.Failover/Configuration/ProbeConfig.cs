using System.Text.Json.Serialization;

namespace Lifeguard.Failover.Configuration;

/// <summary>
/// Either an HTTP(S) GET of <see cref="Url"/> (healthy when the status is in <see cref="Status"/> and, if given, the
/// first 5,120 bytes of the body contain <see cref="Body"/>, as Route 53 does), or a TCP connect to <see cref="Tcp"/>.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ProbeConfig
{
    [JsonPropertyName("url")] public Uri? Url { get; init; }

    /// <summary>"host:port".</summary>
    [JsonPropertyName("tcp")] public string? Tcp { get; init; }

    /// <summary>Sent as the Host header (and TLS server name) when the URL names the server by address.</summary>
    [JsonPropertyName("hostHeader")] public string? HostHeader { get; init; }

    /// <summary>Healthy statuses: "200-399" (default), "200", or a list such as "200,204,300-302".</summary>
    [JsonPropertyName("status")] public string Status { get; init => field = value ?? "200-399"; } = "200-399";

    [JsonPropertyName("body")] public string? Body { get; init; }

    [JsonPropertyName("timeoutSeconds")] public double TimeoutSeconds { get; set; } = 3;

    /// <summary>
    /// Check the server's certificate. Off by default, as in Route 53's health checks: a certificate that expires on
    /// every server at once is not something another server can fix, and probes by address never match the name.
    /// </summary>
    [JsonPropertyName("verifyTls")] public bool VerifyTls { get; set; }

    [JsonIgnore]
    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);
}
