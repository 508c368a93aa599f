using Lifeguard.Promotion.Domain;

namespace Lifeguard.Promotion.Tests.Domain;

public sealed class PromotionLockTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 5, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan AntiFlap = TimeSpan.FromMinutes(60);

    [Fact]
    public void ToValues_Parse_RoundTrips()
    {
        var held = new PromotionLock(PromotionLock.Running, "req-1", Now, Now.AddMinutes(2), "db2", "db1");

        Assert.Equal(held, PromotionLock.Parse(held.ToValues()));
        Assert.Equal("\"state running\"", held.ToValues()[0]);
    }

    [Fact]
    public void Parse_SomebodyElsesTxtRecord_IsNotOurs()
    {
        Assert.Null(PromotionLock.Parse(["\"v=spf1 -all\""]));
    }

    [Fact]
    public void Refusal_NoLock_IsNone()
    {
        Assert.Null(PromotionLock.Refusal(null, Now, AntiFlap, ForceSet.None));
    }

    [Fact]
    public void Refusal_RunningAndNotExpired_RefusesEvenWhenForced()
    {
        var held = new PromotionLock(PromotionLock.Running, "req-1", Now.AddSeconds(-10), Now.AddSeconds(50));

        Assert.StartsWith("another promotion (req-1", PromotionLock.Refusal(held, Now, AntiFlap, new ForceSet([Guards.AntiFlap])), StringComparison.Ordinal);
    }

    [Fact]
    public void Refusal_RunningButExpired_LetsTheNextRunTakeOver()
    {
        var crashed = new PromotionLock(PromotionLock.Running, "req-1", Now.AddMinutes(-5), Now.AddSeconds(-1), "db2");

        Assert.Null(PromotionLock.Refusal(crashed, Now, AntiFlap, ForceSet.None));
    }

    [Fact]
    public void Refusal_DoneInsideTheAntiFlapWindow_RefusesUnlessForced()
    {
        var done = new PromotionLock(PromotionLock.Done, "req-1", Now.AddMinutes(-59), Candidate: "db2");

        Assert.Contains("inside the anti-flap window of 60 minutes", PromotionLock.Refusal(done, Now, AntiFlap, ForceSet.None), StringComparison.Ordinal);
        Assert.Null(PromotionLock.Refusal(done, Now, AntiFlap, new ForceSet([Guards.AntiFlap])));
        Assert.Null(PromotionLock.Refusal(done, Now.AddMinutes(2), AntiFlap, ForceSet.None));
    }

    [Fact]
    public void Quarantine_RoundTripsAndGrowsWithEachPromotion()
    {
        var done = new PromotionLock(PromotionLock.Done, "req-1", Now, Candidate: "db2", OldMaster: "db1", Quarantined: ["db1"]);

        var back = PromotionLock.Parse(done.ToValues())!;

        Assert.Equal(["db1"], back.Quarantined);
        Assert.Equal(["db1", "db2"], back.QuarantineWith("db2"));
        Assert.Equal(["db1"], back.QuarantineWith("db1"));
    }
}
