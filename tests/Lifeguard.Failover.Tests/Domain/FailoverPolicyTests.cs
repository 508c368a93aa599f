using Lifeguard.Failover.Domain;

namespace Lifeguard.Failover.Tests.Domain;

public sealed class FailoverPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 3, 0, 0, TimeSpan.Zero);
    private static readonly string[] Order = ["lb1", "lb2", "lb3"];

    [Fact]
    public void Decide_ActiveUp_Holds()
    {
        var decision = FailoverPolicy.Decide(State("lb1", up: ["lb1", "lb2"]), Order, Now, FailoverOptions.Default);

        Assert.Equal(DecisionKind.Hold, decision.Kind);
    }

    [Fact]
    public void Decide_ActiveDown_SwitchesToTheFirstHealthyInOrder()
    {
        var decision = FailoverPolicy.Decide(State("lb1", up: ["lb3", "lb2"]), Order, Now, FailoverOptions.Default);

        Assert.Equal((DecisionKind.Switch, "lb2"), (decision.Kind, decision.Target));
    }

    [Fact]
    public void Decide_EveryTargetDown_HoldsTheRecordAndSaysAllDown()
    {
        var decision = FailoverPolicy.Decide(State("lb1", up: []), Order, Now, FailoverOptions.Default);

        Assert.Equal(DecisionKind.AllDown, decision.Kind);
        Assert.Null(decision.Target);
    }

    [Fact]
    public void Decide_ActiveDownWithinTheCooldown_Holds()
    {
        var decision = FailoverPolicy.Decide(State("lb2", up: ["lb1"], lastSwitch: Now.AddMinutes(-2)), Order, Now, FailoverOptions.Default);

        Assert.Equal(DecisionKind.Hold, decision.Kind);
        Assert.Contains("last switch", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_ActiveDownAfterTheCooldown_Switches()
    {
        var decision = FailoverPolicy.Decide(State("lb2", up: ["lb1"], lastSwitch: Now.AddMinutes(-6)), Order, Now, FailoverOptions.Default);

        Assert.Equal((DecisionKind.Switch, "lb1"), (decision.Kind, decision.Target));
    }

    [Fact]
    public void Decide_PreferredHealthyAgainWithFailbackNever_StaysPut()
    {
        var decision = FailoverPolicy.Decide(State("lb2", up: ["lb1", "lb2"], preferredSince: Now.AddHours(-1)), Order, Now, FailoverOptions.Default);

        Assert.Equal(DecisionKind.Hold, decision.Kind);
    }

    [Theory]
    [InlineData(9, DecisionKind.Hold)]
    [InlineData(10, DecisionKind.Switch)]
    public void Decide_PreferredHealthyForAWhileWithFailback_GoesBackOnlyAfterTheDelay(int minutesHealthy, DecisionKind expected)
    {
        var options = FailoverOptions.Default with { Failback = FailbackPolicy.AfterHealthy };

        var decision = FailoverPolicy.Decide(State("lb2", up: ["lb1", "lb2"], preferredSince: Now.AddMinutes(-minutesHealthy)), Order, Now, options);

        Assert.Equal(expected, decision.Kind);
        Assert.Equal(expected == DecisionKind.Switch ? "lb1" : null, decision.Target);
    }

    private static GroupState State(string active, string[] up, DateTimeOffset? lastSwitch = null, DateTimeOffset? preferredSince = null) => new(
        active,
        Order.ToDictionary(t => t, t => new TargetHealth(up.Contains(t), 0, 0, t == "lb1" && preferredSince is { } since ? since : Now.AddDays(-1))),
        lastSwitch);
}
