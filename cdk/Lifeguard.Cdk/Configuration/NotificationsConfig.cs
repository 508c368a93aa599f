using System.Text.Json.Serialization;

namespace Lifeguard.Cdk.Configuration;

/// <summary>Who hears about switches, promotions and failures.</summary>
public sealed record NotificationsConfig
{
    /// <summary>Each address gets a subscription confirmation mail from SNS, and the full text of every report.</summary>
    [JsonPropertyName("emails")] public IReadOnlyList<string> Emails { get; init => field = value ?? []; } = [];

    /// <summary>E.164 numbers (+15555550100) that get the short text of every report.</summary>
    [JsonPropertyName("smsNumbers")] public IReadOnlyList<string> SmsNumbers { get; init => field = value ?? []; } = [];

    /// <summary>
    /// Optional: where your team reads Lifeguard's README (https://.../README.md), so that the runbook reference ending
    /// every email and alarm description is a link to its entry; without it the reference names README.md.
    /// </summary>
    [JsonPropertyName("runbookUrl")] public string? RunbookUrl { get; init; }
}
