using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Lifeguard.Failover.Domain;

namespace Lifeguard.Failover.Tests.Domain;

/// <summary>
/// The failover rounds over generated probe histories: two to four targets, each steady, flapping at some rate,
/// alternating, or down for an outage; rounds mostly ten seconds apart but sometimes late; thresholds, cooldown and
/// failback drawn from their useful ranges; sometimes a switch shortly before the first round. Each switch is applied
/// as the handler does (active moves, the cooldown starts, the all-down mark clears).
/// A failure prints the history (shrunk to the rounds that matter) and FsCheck's seed; paste the seed into
/// <c>Replay</c> on the attribute to rerun it.
/// </summary>
public sealed class FailoverPolicyPropertyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 3, 0, 0, TimeSpan.Zero);

    [Property(MaxTest = 300)]
    public Property Round_FlappingTargets_NeverSwitchesTwiceWithinTheCooldown() =>
        Prop.ForAll(Histories(), history =>
        {
            var switches = Run(history).Where(r => r.Result.Decision.Kind == DecisionKind.Switch).Select(r => r.At).ToList();

            List<DateTimeOffset> times = history.LastSwitch is { } before ? [T0 - before, .. switches] : switches;
            for (var i = 1; i < times.Count; i++)
            {
                Assert.True(times[i] - times[i - 1] >= history.Options.Cooldown,
                    $"switches at {Offset(times[i - 1])} and {Offset(times[i])}, cooldown {history.Options.Cooldown}");
            }
        });

    [Property(MaxTest = 300)]
    public Property Round_AnyProbeHistory_SwitchesOnlyFromADownTargetToAnUpOneOrBackToTheLongHealthyPreferred() =>
        Prop.ForAll(Histories(), history =>
        {
            foreach (var (at, active, result) in Run(history).Where(r => r.Result.Decision.Kind == DecisionKind.Switch))
            {
                var targets = result.State.Targets;
                var target = result.Decision.Target!;
                Assert.NotEqual(active, target);
                Assert.True(targets[target].Up, $"{Offset(at)}: switched to {target}, which is down");
                if (targets[active].Up)
                {
                    // Moving away from a healthy target is only ever a failback, after the preferred one proved itself.
                    Assert.Equal(FailbackPolicy.AfterHealthy, history.Options.Failback);
                    Assert.Equal(history.Order[0], target);
                    Assert.True(at - targets[target].ChangedAt >= history.Options.FailbackAfter, $"{Offset(at)}: failback to {target} up only since {Offset(targets[target].ChangedAt)}");
                }
            }
        });

    [Property(MaxTest = 300)]
    public Property Round_AnyProbeHistory_RaisesEachAllDownEpisodeOnce() =>
        Prop.ForAll(Histories(), history =>
        {
            var inEpisode = false;
            foreach (var (at, _, result) in Run(history))
            {
                if (result.Alert == GroupAlert.AllDown)
                {
                    Assert.False(inEpisode, $"{Offset(at)}: a second all-down alert in one episode");
                    inEpisode = true;
                }
                else if (result.Alert == GroupAlert.Recovered || result.Decision.Kind == DecisionKind.Switch)
                {
                    inEpisode = false;
                }
            }
        });

    /// <summary>
    /// The generated histories do exercise what the properties are about: switches in a row, a cooldown holding back a
    /// switch (the active target down while another is up), failbacks. Sampled from a fixed seed, so it is stable.
    /// </summary>
    [Fact]
    public void Histories_Sampled_SwitchAndHitTheCooldownOftenEnough()
    {
        var runs = Histories().Generator.Sample(size: 50, seed: new Rnd(20261121), numberOfSamples: 200).Select(Run).ToList();

        var twice = runs.Count(r => r.Count(s => s.Result.Decision.Kind == DecisionKind.Switch) >= 2);
        var heldByCooldown = runs.Count(r => r.Any(s => s.Result.Decision.Kind == DecisionKind.Hold && !s.Result.State.Targets[s.Active].Up));
        var failedBack = runs.Count(r => r.Any(s => s.Result.Decision.Kind == DecisionKind.Switch && s.Result.State.Targets[s.Active].Up));

        Assert.Equal(200, runs.Count);
        Assert.True((twice, heldByCooldown, failedBack) is ( >= 80, >= 30, >= 30), $"of 200 histories {twice} switched twice, {heldByCooldown} were held by the cooldown, {failedBack} failed back");
    }

    /// <summary>Plays the rounds, moving the record whenever a round says so, as the handler does.</summary>
    private static List<(DateTimeOffset At, string Active, RoundResult Result)> Run(History history)
    {
        var state = new GroupState(history.Order[history.FirstActive], new Dictionary<string, TargetHealth>(), T0 - history.LastSwitch);
        var steps = new List<(DateTimeOffset, string, RoundResult)>();
        var now = T0;
        foreach (var round in history.Rounds)
        {
            now += round.After;
            var result = FailoverPolicy.Round(state, round.Probes, history.Order, now, history.Options);
            steps.Add((now, state.Active, result));
            state = result.Decision.Kind == DecisionKind.Switch
                ? result.State with { Active = result.Decision.Target!, LastSwitch = now, AllDownSince = null }
                : result.State;
        }

        return steps;
    }

    /// <summary>A time as its offset from the first round, as the printed history shows it: +00:02:30.</summary>
    private static string Offset(DateTimeOffset at) => (at < T0 ? "-" : "+") + (at - T0).Duration().ToString("c", CultureInfo.InvariantCulture);

    private static Arbitrary<History> Histories() => Arb.From(
        from targetCount in Gen.Choose(2, 4)
        let order = Enumerable.Range(1, targetCount).Select(i => $"lb{i}").ToArray()
        from options in Options()
        from firstActive in Gen.Choose(0, targetCount - 1)
        from lastSwitch in Gen.Frequency((3, Gen.Constant<TimeSpan?>(null)), (1, Gen.Choose(0, 600).Select(s => (TimeSpan?)TimeSpan.FromSeconds(s))))
        from roundCount in Gen.Choose(20, 200)
        from patterns in Gen.CollectToArray(order, _ => Pattern(roundCount))
        from gaps in Gen.ArrayOf(Gap(), roundCount)
        from skipped in Gen.ArrayOf(Gen.Frequency((49, Gen.Constant(false)), (1, Gen.Constant(true))), roundCount * targetCount)
        select new History(
            options,
            order,
            firstActive,
            lastSwitch,
            [.. Enumerable.Range(0, roundCount).Select(i => new ProbeRound(
                gaps[i],
                order.Select((t, k) => (t, k)).Where(x => !skipped[(i * targetCount) + x.k]).ToDictionary(x => x.t, x => patterns[x.k][i], StringComparer.Ordinal)))]),
        Shrink);

    private static Gen<FailoverOptions> Options() =>
        from fail in Gen.Choose(1, 4)
        from recover in Gen.Choose(1, 4)
        from cooldown in Gen.Elements(0, 30, 60, 120, 300, 600)
        from failback in Gen.Elements(FailbackPolicy.Never, FailbackPolicy.AfterHealthy)
        from failbackAfter in Gen.Elements(0, 60, 600)
        select new FailoverOptions(fail, recover, TimeSpan.FromSeconds(cooldown), failback, TimeSpan.FromSeconds(failbackAfter));

    /// <summary>One target's probe results, round by round.</summary>
    private static Gen<bool[]> Pattern(int rounds) => Gen.OneOf(
        // Up or down with some failure rate: 0 is steady, 50 flaps hard, 100 is dead.
        Gen.Elements(0, 5, 30, 50, 70, 95, 100).SelectMany(failPercent =>
            Gen.ArrayOf(Gen.Choose(1, 100).Select(d => d > failPercent), rounds)),
        // Alternating in runs of one to four probes: the classic flap.
        Gen.Choose(1, 4).Select(run => Enumerable.Range(0, rounds).Select(i => i / run % 2 == 0).ToArray()),
        // An outage: up, down for a while, up again.
        from start in Gen.Choose(0, rounds)
        from length in Gen.Choose(1, rounds)
        select Enumerable.Range(0, rounds).Select(i => i < start || i >= start + length).ToArray());

    /// <summary>Rounds are ten seconds apart, unless an invocation starts late or the probes are slow.</summary>
    private static Gen<TimeSpan> Gap() => Gen.Frequency(
        (8, Gen.Constant(TimeSpan.FromSeconds(10))),
        (2, Gen.Choose(5, 120).Select(s => TimeSpan.FromSeconds(s))));

    /// <summary>Shorter histories (a prefix, or one round fewer): a failure is reported on the fewest rounds that still fail.</summary>
    private static IEnumerable<History> Shrink(History history)
    {
        var rounds = history.Rounds;
        foreach (var length in new[] { rounds.Count / 2, rounds.Count * 3 / 4, rounds.Count - 1 }.Where(n => n > 0 && n < rounds.Count).Distinct())
        {
            yield return history with { Rounds = [.. rounds.Take(length)] };
        }

        for (var i = 0; i < rounds.Count - 1; i++)
        {
            yield return history with { Rounds = [.. rounds.Take(i), .. rounds.Skip(i + 1)] };
        }

        if (history.LastSwitch is not null)
        {
            yield return history with { LastSwitch = null };
        }
    }

    /// <param name="Probes">The probes of this round; a target missing from it was not probed.</param>
    private sealed record ProbeRound(TimeSpan After, IReadOnlyDictionary<string, bool> Probes);

    /// <param name="LastSwitch">How long before the first round the record was last moved, if it was.</param>
    private sealed record History(FailoverOptions Options, string[] Order, int FirstActive, TimeSpan? LastSwitch, IReadOnlyList<ProbeRound> Rounds)
    {
        public override string ToString()
        {
            var text = new StringBuilder();
            text.Append(CultureInfo.InvariantCulture, $"{Options}; order {string.Join(", ", Order)}; active {Order[FirstActive]}; last switch {(LastSwitch is { } s ? $"{s} before" : "never")}");
            var at = TimeSpan.Zero;
            foreach (var round in Rounds)
            {
                at += round.After;
                text.AppendLine().Append(CultureInfo.InvariantCulture, $"  +{at:c} ")
                    .AppendJoin(' ', Order.Select(t => round.Probes.TryGetValue(t, out var ok) ? $"{t}:{(ok ? "ok" : "FAIL")}" : $"{t}:-"));
            }

            return text.ToString();
        }
    }
}
