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

        var said = SecondOpinion.Refusal("lb1", activeDown: true, "lb2", opinions);

        Assert.Equal(refusal is null, said is null);
        Assert.StartsWith(refusal ?? string.Empty, said ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public void Refusal_NoViewAtAll_RefusesNamingTheTarget()
    {
        Assert.Equal("Route 53's checkers have no recent data for lb1", SecondOpinion.Refusal("lb1", activeDown: true, "lb2", new Dictionary<string, SecondOpinion>()));
    }

    /// <summary>A failback (the active is up) and an address that holds nothing need only the new target up by Route 53 too.</summary>
    [Theory]
    [InlineData("lb2", false)]
    [InlineData(null, true)]
    public void Refusal_FailbackOrNoActive_NeedsOnlyTheNewTargetUp(string? active, bool activeDown)
    {
        var up = new Dictionary<string, SecondOpinion> { ["lb2"] = new(true, 100, At), ["lb1"] = new(true, 100, At) };
        var down = new Dictionary<string, SecondOpinion> { ["lb2"] = new(true, 100, At), ["lb1"] = new(false, 0, At) };

        Assert.Null(SecondOpinion.Refusal(active, activeDown, "lb1", up));
        Assert.StartsWith("Route 53's checkers see lb1 unhealthy", SecondOpinion.Refusal(active, activeDown, "lb1", down), StringComparison.Ordinal);
    }
}
