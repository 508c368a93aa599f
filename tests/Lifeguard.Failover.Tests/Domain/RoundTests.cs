using Lifeguard.Failover.Domain;

namespace Lifeguard.Failover.Tests.Domain;

/// <summary>A round folds probes into health, decides, and raises each all-down episode's alerts exactly once.</summary>
public sealed class RoundTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 3, 0, 0, TimeSpan.Zero);
    private static readonly string[] Order = ["lb1", "lb2"];

    [Fact]
    public void Round_ActiveFailsThreeTimesWhileTheOtherIsUp_SwitchesOnTheThirdRound()
    {
        var (kinds, _) = Rounds(("lb1", false, "lb2", true), ("lb1", false, "lb2", true), ("lb1", false, "lb2", true));

        Assert.Equal([DecisionKind.Hold, DecisionKind.Hold, DecisionKind.Switch], kinds);
    }

    [Fact]
    public void Round_EverythingDownForALongTime_AlertsOnceThenRecoversOnce()
    {
        var down = Enumerable.Repeat(("lb1", false, "lb2", false), 30);
        var up = Enumerable.Repeat(("lb1", true, "lb2", false), 5);

        var (kinds, alerts) = Rounds([.. down, .. up]);

        Assert.Equal([GroupAlert.AllDown, GroupAlert.Recovered], alerts.Where(a => a != GroupAlert.None));
        // Down from the third round; up again only at the third good probe.
        Assert.Equal(28 + 2, kinds.Count(k => k == DecisionKind.AllDown));
        Assert.DoesNotContain(DecisionKind.Switch, kinds);
    }

    [Fact]
    public void Round_SteadyHealthyGroup_StateStopsChanging()
    {
        var state = new GroupState("lb1", new Dictionary<string, TargetHealth>(), null);
        var encodings = new List<IReadOnlyDictionary<string, string>>();
        for (var i = 0; i < 10; i++)
        {
            state = FailoverPolicy.Round(state, Probes(("lb1", true, "lb2", true)), Order, T0.AddSeconds(10 * i), FailoverOptions.Default).State;
            encodings.Add(GroupStateCodec.Encode(state));
        }

        Assert.True(GroupStateCodec.Same(encodings[3], encodings[9]));
    }

    [Fact]
    public void Round_TargetMissingFromTheProbes_KeepsItsHealth()
    {
        var state = new GroupState("lb1", new Dictionary<string, TargetHealth> { ["lb2"] = new(false, 3, 0, T0) }, null);

        var result = FailoverPolicy.Round(state, new Dictionary<string, bool> { ["lb1"] = true }, Order, T0.AddMinutes(1), FailoverOptions.Default);

        Assert.Equal(new TargetHealth(false, 3, 0, T0), result.State.Targets["lb2"]);
    }

    [Fact]
    public void Round_StandbyDiesForMinutesThenRecovers_TellsOnceEachAndNeverSwitches()
    {
        var down = Enumerable.Repeat(("lb1", true, "lb2", false), 30);
        var up = Enumerable.Repeat(("lb1", true, "lb2", true), 30);

        var (kinds, _, standby) = Run([.. down, .. up, .. down]);

        Assert.Equal([new StandbyChange("lb2", Down: true), new StandbyChange("lb2", Down: false), new StandbyChange("lb2", Down: true)], standby);
        Assert.DoesNotContain(DecisionKind.Switch, kinds);
    }

    [Fact]
    public void Round_StandbyDownThenEverythingDownThenAllBack_TheAllDownAlertSpeaksForTheStandby()
    {
        var standbyDown = Enumerable.Repeat(("lb1", true, "lb2", false), 5);
        var allDown = Enumerable.Repeat(("lb1", false, "lb2", false), 10);
        var allUp = Enumerable.Repeat(("lb1", true, "lb2", true), 10);

        var (_, alerts, standby) = Run([.. allDown, .. allUp, .. standbyDown]);

        Assert.Equal([GroupAlert.AllDown, GroupAlert.Recovered], alerts.Where(a => a != GroupAlert.None));
        Assert.Equal([new StandbyChange("lb2", Down: true)], standby);
    }

    private static (List<DecisionKind> Kinds, List<GroupAlert> Alerts) Rounds(params (string, bool, string, bool)[] rounds)
    {
        var (kinds, alerts, _) = Run(rounds);
        return (kinds, alerts);
    }

    private static (List<DecisionKind> Kinds, List<GroupAlert> Alerts, List<StandbyChange> Standby) Run(params (string, bool, string, bool)[] rounds)
    {
        var state = new GroupState("lb1", new Dictionary<string, TargetHealth>(), null);
        var kinds = new List<DecisionKind>();
        var alerts = new List<GroupAlert>();
        var standby = new List<StandbyChange>();
        for (var i = 0; i < rounds.Length; i++)
        {
            var result = FailoverPolicy.Round(state, Probes(rounds[i]), Order, T0.AddSeconds(10 * i), FailoverOptions.Default);
            state = result.State;
            kinds.Add(result.Decision.Kind);
            alerts.Add(result.Alert);
            standby.AddRange(result.Standby);
        }

        return (kinds, alerts, standby);
    }

    private static Dictionary<string, bool> Probes((string, bool, string, bool) round) => new() { [round.Item1] = round.Item2, [round.Item3] = round.Item4 };
}
