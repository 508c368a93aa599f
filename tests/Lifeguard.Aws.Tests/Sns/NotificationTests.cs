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

    [Fact]
    public void ToPublishRequest_WithTheReadmesAddress_TheReferenceIsALinkToTheEntry()
    {
        var request = new Notification("s", "sms", "full", Runbook.PromotionPromoted).ToPublishRequest("arn:aws:sns:eu-west-1:123456789012:lifeguard", "https://git.example.com/ops/lifeguard/README.md");

        using var texts = JsonDocument.Parse(request.Message);
        Assert.EndsWith("\n\nRunbook: promotion-promoted (https://git.example.com/ops/lifeguard/README.md#promotion-promoted)", texts.RootElement.GetProperty("email").GetString(), StringComparison.Ordinal);
    }
}
