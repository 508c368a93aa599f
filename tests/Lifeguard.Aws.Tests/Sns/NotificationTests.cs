using System.Text.Json;
using Lifeguard.Aws.Sns;

namespace Lifeguard.Aws.Tests.Sns;

public sealed class NotificationTests
{
    [Fact]
    public void ToPublishRequest_EmailAndDefault_EndWithTheRunbookEntryAndSmsStaysShort()
    {
        var request = new Notification("Lifeguard: A lb.example.com moved to lb2", "lb1 down; now lb2", "lb1 failed 3 probes.", Runbook.FailoverSwitched)
            .ToPublishRequest("arn:aws:sns:eu-west-1:123456789012:lifeguard");

        using var texts = JsonDocument.Parse(request.Message);
        foreach (var protocol in new[] { "email", "default" })
        {
            var text = texts.RootElement.GetProperty(protocol).GetString()!;
            Assert.StartsWith("lb1 failed 3 probes.", text, StringComparison.Ordinal);
            Assert.EndsWith("\n\nRunbook: failover-switched (README.md#failover-switched)", text, StringComparison.Ordinal);
        }

        Assert.Equal("lb1 down; now lb2", texts.RootElement.GetProperty("sms").GetString());
        Assert.Equal("json", request.MessageStructure);
    }
}
