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

    /// <summary>
    /// Flapping targets (each probe fails with probability 1/2 or 1/3), over long random runs: switches are never closer
    /// together than the cooldown, and never away from a target that is up or to one that is down.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Decide_RandomProbeSequences_NeverSwitchesTwiceWithinTheCooldown(int seed)
    {
        var random = new Random(seed);
        var options = FailoverOptions.Default;
        var state = new GroupState("lb1", Order.ToDictionary(t => t, _ => TargetHealth.Unknown(Now)), LastSwitch: null);
        var switches = new List<DateTimeOffset>();
        for (var round = 0; round < 5000; round++)
        {
            var now = Now.AddSeconds(10 * round);
            var targets = state.Targets.ToDictionary(t => t.Key, t => t.Value.Observe(
                random.Next(t.Key == "lb1" ? 2 : 3) != 0, now, options));
            state = state with { Targets = targets };

            var decision = FailoverPolicy.Decide(state, Order, now, options);
            if (decision.Kind == DecisionKind.Switch)
            {
                Assert.False(targets[state.Active].Up);
                Assert.True(targets[decision.Target!].Up);
                switches.Add(now);
                state = state with { Active = decision.Target!, LastSwitch = now };
            }
        }

        Assert.True(switches.Count > 10, $"only {switches.Count} switches: the run did not exercise the policy");
        for (var i = 1; i < switches.Count; i++)
        {
            Assert.True(switches[i] - switches[i - 1] >= options.Cooldown, $"switches at {switches[i - 1]:O} and {switches[i]:O}");
        }
    }

    private static GroupState State(string active, string[] up, DateTimeOffset? lastSwitch = null, DateTimeOffset? preferredSince = null) => new(
        active,
        Order.ToDictionary(t => t, t => new TargetHealth(up.Contains(t), 0, 0, t == "lb1" && preferredSince is { } since ? since : Now.AddDays(-1))),
        lastSwitch);
}
