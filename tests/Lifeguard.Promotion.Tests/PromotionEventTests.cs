using System.Text.Json;
using Lifeguard.Promotion.Domain;

namespace Lifeguard.Promotion.Tests;

public sealed class PromotionEventTests
{
    [Theory]
    [InlineData("""{"force": ["anti-flap", "lag"]}""", "anti-flap, lag")]
    [InlineData("""{"force": []}""", "")]
    [InlineData("""{}""", "")]
    public void ParseForce_NamedGuards_AreTheOnesOverridden(string json, string guards)
    {
        var input = JsonSerializer.Deserialize(json, PromotionJsonContext.Default.PromotionEvent)!;

        Assert.Equal(guards, PromotionHandler.ParseForce(input.Force).ToString());
    }

    [Theory]
    [InlineData("""{"force": true}""", "force must list the guards it overrides by name")]
    [InlineData("""{"force": "anti-flap"}""", "force must list the guards it overrides by name")]
    [InlineData("""{"force": ["anti-flap", "everything"]}""", "force: \"everything\" is not a guard")]
    public void ParseForce_AnythingElse_IsRefusedNamingTheField(string json, string message)
    {
        var input = JsonSerializer.Deserialize(json, PromotionJsonContext.Default.PromotionEvent)!;

        var ex = Assert.Throws<Lifeguard.Runtime.Hosting.InvalidEventException>(() => PromotionHandler.ParseForce(input.Force));

        Assert.StartsWith(message, ex.Message, StringComparison.Ordinal);
        Assert.Contains(string.Join(", ", Guards.All.Select(g => $"\"{g}\"")), ex.Message, StringComparison.Ordinal);
    }
}
