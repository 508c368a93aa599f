using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Lifeguard.Aws.Sns;

/// <summary>
/// One event told twice: <see cref="SmsText"/> for SMS (one line), <see cref="FullText"/> for email and everything else.
/// Published with MessageStructure=json so each subscription gets its own text. The email ends with the name of its
/// <see cref="Runbook"/> entry (one of <see cref="Sns.Runbook"/>'s).
/// </summary>
public sealed record Notification(string Subject, string SmsText, string FullText, string Runbook)
{
    /// <summary>What an email (and any other non-SMS subscription) receives: the full text, then its runbook entry.</summary>
    /// <param name="readmeUrl">Where the README is served (a link in the email), or null for "README.md".</param>
    public string EmailText(string? readmeUrl = null) => $"{FullText}\n\n{Sns.Runbook.Reference(Runbook, readmeUrl)}";

    /// <summary>SNS refuses subjects over 100 characters or with line breaks.</summary>
    public const int MaxSubjectLength = 100;

    public PublishRequest ToPublishRequest(string topicArn, string? readmeUrl = null)
    {
        var email = EmailText(readmeUrl);
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("default", email);
            json.WriteString("email", email);
            json.WriteString("sms", SmsText);
            json.WriteEndObject();
        }

        var subject = Subject.ReplaceLineEndings(" ");
        return new PublishRequest(topicArn, Encoding.UTF8.GetString(buffer.WrittenSpan))
        {
            Subject = subject.Length > MaxSubjectLength ? subject[..(MaxSubjectLength - 1)] + "…" : subject,
            MessageStructure = "json",
        };
    }
}
