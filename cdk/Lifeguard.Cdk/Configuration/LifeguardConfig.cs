using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Lifeguard.Cdk.Configuration;

/// <summary>The deployment configuration (config/example.json documents every field).</summary>
public sealed partial record LifeguardConfig
{
    /// <summary>Retention periods CloudWatch Logs accepts.</summary>
    public static readonly IReadOnlySet<int> AllowedLogRetentionDays = new HashSet<int>
    {
        1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
    };

    [JsonPropertyName("stackName")] public required string StackName { get; init; }

    /// <summary>Account and region to deploy to; when absent, the CLI's current ones (environment-agnostic).</summary>
    [JsonPropertyName("account")] public string? Account { get; init; }

    [JsonPropertyName("region")] public string? Region { get; init; }

    /// <summary>A setter, not init: generated deserialization would set an absent init-only int to 0.</summary>
    [JsonPropertyName("logRetentionDays")] public int LogRetentionDays { get; set; } = 30;

    [JsonPropertyName("notifications")] public NotificationsConfig Notifications { get; init => field = value ?? new(); } = new();

    /// <summary>Every problem, each naming its field; empty when the configuration is valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!StackNamePattern().IsMatch(StackName))
        {
            errors.Add($"stackName: '{StackName}' must start with a letter and hold only letters, digits and hyphens (at most 128).");
        }

        if (Account is not null && !AccountPattern().IsMatch(Account))
        {
            errors.Add($"account: '{Account}' is not a 12-digit AWS account id.");
        }

        if (Region is not null && !RegionPattern().IsMatch(Region))
        {
            errors.Add($"region: '{Region}' is not an AWS region name such as eu-west-1.");
        }

        if (!AllowedLogRetentionDays.Contains(LogRetentionDays))
        {
            errors.Add($"logRetentionDays: {LogRetentionDays} is not a CloudWatch Logs retention; use one of {string.Join(", ", AllowedLogRetentionDays.Order())}.");
        }

        for (var i = 0; i < Notifications.Emails.Count; i++)
        {
            if (!EmailPattern().IsMatch(Notifications.Emails[i]))
            {
                errors.Add($"notifications.emails[{i}]: '{Notifications.Emails[i]}' is not an email address.");
            }
        }

        for (var i = 0; i < Notifications.SmsNumbers.Count; i++)
        {
            if (!E164Pattern().IsMatch(Notifications.SmsNumbers[i]))
            {
                errors.Add($"notifications.smsNumbers[{i}]: '{Notifications.SmsNumbers[i]}' is not an E.164 number such as +15555550100.");
            }
        }

        return errors;
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9-]{0,127}$")]
    private static partial Regex StackNamePattern();

    [GeneratedRegex(@"^\d{12}$")]
    private static partial Regex AccountPattern();

    [GeneratedRegex("^[a-z]{2}(-[a-z]+)+-[0-9]+$")]
    private static partial Regex RegionPattern();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"^\+[1-9][0-9]{6,14}$")]
    private static partial Regex E164Pattern();
}
