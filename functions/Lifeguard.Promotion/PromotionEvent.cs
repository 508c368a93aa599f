using System.Text.Json.Serialization;
using Lifeguard.Runtime.Events;

namespace Lifeguard.Promotion;

/// <summary>
/// Any of the three triggers: the alarm's Lambda action payload (<c>alarmData</c>), the EventBridge "CloudWatch Alarm
/// State Change" (<c>detail</c>), or by hand: <c>{"cluster":"shop","dryRun":true}</c>, optionally with
/// <c>"replica"</c> (promote this one) and <c>"force"</c> (past the anti-flap window and the safety refusals).
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PromotionEvent
{
    [JsonPropertyName("cluster")] public string? Cluster { get; init; }

    /// <summary>By hand: promote (the default), fence (make the last promotion's old master read only, if it answers) or release (end a node's quarantine).</summary>
    [JsonPropertyName("action")] public string Action { get; init => field = value ?? "promote"; } = "promote";

    [JsonPropertyName("dryRun")] public bool DryRun { get; init; }

    [JsonPropertyName("replica")] public string? Replica { get; init; }

    /// <summary>The guards a promotion by hand overrides, by name: <c>["anti-flap"]</c> (see <see cref="Domain.Guards"/>).</summary>
    [JsonPropertyName("force")] public System.Text.Json.JsonElement? Force { get; init; }

    /// <summary>By hand, action release: the quarantined old master to release.</summary>
    [JsonPropertyName("node")] public string? Node { get; init; }

    // The alarm action payload.
    [JsonPropertyName("alarmData")] public AlarmData? AlarmData { get; init; }

    [JsonPropertyName("alarmArn")] public string? AlarmArn { get; init; }

    [JsonPropertyName("accountId")] public string? AccountId { get; init; }

    // The EventBridge envelope.
    [JsonPropertyName("detail-type")] public string? DetailType { get; init; }

    [JsonPropertyName("detail")] public AlarmData? Detail { get; init; }

    [JsonPropertyName("version")] public string? Version { get; init; }

    [JsonPropertyName("id")] public string? Id { get; init; }

    [JsonPropertyName("account")] public string? Account { get; init; }

    [JsonPropertyName("resources")] public IReadOnlyList<string>? Resources { get; init; }

    // Both.
    [JsonPropertyName("source")] public string? Source { get; init; }

    [JsonPropertyName("time")] public string? Time { get; init; }

    [JsonPropertyName("region")] public string? Region { get; init; }
}
