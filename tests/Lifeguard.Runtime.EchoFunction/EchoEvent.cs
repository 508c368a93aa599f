using System.Text.Json.Serialization;

namespace Lifeguard.Runtime.EchoFunction;

/// <summary>The test handler's event: what to do, so one handler covers every path through the loop.</summary>
public sealed record EchoEvent
{
    [JsonPropertyName("message")] public required string Message { get; init; }

    /// <summary>`echo` (default), `throw`, or `hang` (wait for the token).</summary>
    [JsonPropertyName("action")] public string Action { get; init => field = value ?? "echo"; } = "echo";

    [JsonPropertyName("dryRun")] public bool DryRun { get; init; }
}
