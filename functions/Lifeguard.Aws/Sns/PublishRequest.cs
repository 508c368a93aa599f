namespace Lifeguard.Aws.Sns;

/// <summary>
/// One notification. With <see cref="MessageStructure"/> = `json`, <see cref="Message"/> is a JSON object holding a text
/// per protocol (`default`, `email`, `sms`), so one publish gives SMS its short text and email the full one.
/// </summary>
public sealed record PublishRequest(string TopicArn, string Message)
{
    public string? Subject { get; init; }

    public string? MessageStructure { get; init; }

    public IReadOnlyDictionary<string, string> MessageAttributes { get; init; } = new Dictionary<string, string>();
}
