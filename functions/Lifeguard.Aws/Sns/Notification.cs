using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Lifeguard.Aws.Sns;

/// <summary>
/// One event told twice: <see cref="SmsText"/> for SMS (one line), <see cref="FullText"/> for email and everything else.
/// Published with MessageStructure=json so each subscription gets its own text.
/// </summary>
public sealed record Notification(string Subject, string SmsText, string FullText)
{
    /// <summary>SNS refuses subjects over 100 characters or with line breaks.</summary>
    public const int MaxSubjectLength = 100;

    public PublishRequest ToPublishRequest(string topicArn)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("default", FullText);
            json.WriteString("email", FullText);
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
