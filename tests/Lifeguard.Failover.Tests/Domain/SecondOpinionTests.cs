using Lifeguard.Failover.Domain;

namespace Lifeguard.Failover.Tests.Domain;

/// <summary>A switch is confirmed only when Route 53's checkers see the active target down and the new one up; anything unknown refuses.</summary>
public sealed class SecondOpinionTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 2, 3, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(false, true, null)]
    [InlineData(true, true, "Route 53's checkers see lb1 healthy")]
    [InlineData(null, true, "Route 53's checkers are changing")]
    [InlineData(false, false, "Route 53's checkers see lb2 unhealthy")]
    [InlineData(false, null, "Route 53's checkers are changing")]
    public void Refusal_EachCombinationOfViews_ConfirmsOnlyDownToUp(bool? active, bool? target, string? refusal)
    {
        var opinions = new Dictionary<string, SecondOpinion> { ["lb1"] = new(active, 50, At), ["lb2"] = new(target, 50, At) };

        var said = SecondOpinion.Refusal("lb1", "lb2", opinions);

        Assert.Equal(refusal is null, said is null);
        Assert.StartsWith(refusal ?? string.Empty, said ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public void Refusal_NoViewAtAll_RefusesNamingTheTarget()
    {
        Assert.Equal("Route 53's checkers have no recent data for lb1", SecondOpinion.Refusal("lb1", "lb2", new Dictionary<string, SecondOpinion>()));
    }
}
