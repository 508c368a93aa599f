using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Lifeguard.Failover.Domain;

namespace Lifeguard.Failover.Tests.Domain;

/// <summary>
/// The hysteresis over generated probe sequences (flapping at various rates, with runs of failures and successes) and
/// thresholds from one to four. A failure prints the thresholds and the probes, and FsCheck's seed; paste the seed
/// into <c>Replay</c> on the attribute to rerun it.
/// </summary>
public sealed class TargetHealthPropertyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 3, 0, 0, TimeSpan.Zero);

    [Property(MaxTest = 300)]
    public Property Observe_AnyProbeSequence_ChangesStateExactlyWhenAThresholdOfConsecutiveProbesSaySo() =>
        Prop.ForAll(Sequences(), sequence =>
        {
            var (options, probes) = (sequence.Options, sequence.Probes);
            var health = TargetHealth.Unknown(T0);
            for (var i = 0; i < probes.Length; i++)
            {
                var at = T0.AddSeconds(10 * (i + 1));
                var before = health;
                health = health.Observe(probes[i], at, options);

                // The probes that ended at this one and agree with it.
                var run = probes.Take(i + 1).Reverse().TakeWhile(p => p == probes[i]).Count();
                var threshold = probes[i] ? options.RecoverThreshold : options.FailThreshold;
                var shouldFlip = before.Up != probes[i] && run >= threshold;
                Assert.True(health.Up == (shouldFlip ? !before.Up : before.Up), $"probe {i} ({(probes[i] ? "ok" : "FAIL")}, {run} in a row): up {before.Up} -> {health.Up}");
                Assert.Equal(shouldFlip ? at : before.ChangedAt, health.ChangedAt);
            }
        });

    private static Arbitrary<ProbeSequence> Sequences() => Arb.From(
        from fail in Gen.Choose(1, 4)
        from recover in Gen.Choose(1, 4)
        from failPercent in Gen.Elements(10, 30, 50, 70, 90)
        from length in Gen.Choose(0, 100)
        from probes in Gen.ArrayOf(Gen.Choose(1, 100).Select(d => d > failPercent), length)
        select new ProbeSequence(FailoverOptions.Default with { FailThreshold = fail, RecoverThreshold = recover }, probes),
        // Shorter prefixes, shortest first: a failure is reported at the first probe that goes wrong.
        sequence => Enumerable.Range(0, sequence.Probes.Length).Select(n => sequence with { Probes = sequence.Probes[..n] }));

    private sealed record ProbeSequence(FailoverOptions Options, bool[] Probes)
    {
        public override string ToString() =>
            $"fail threshold {Options.FailThreshold}, recover threshold {Options.RecoverThreshold}, probes {string.Concat(Probes.Select(p => p ? '+' : 'x'))}";
    }
}
