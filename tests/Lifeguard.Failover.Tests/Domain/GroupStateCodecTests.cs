using Lifeguard.Failover.Domain;

namespace Lifeguard.Failover.Tests.Domain;

public sealed class GroupStateCodecTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 3, 0, 0, TimeSpan.Zero);
    private static readonly string[] Targets = ["lb1", "lb2"];

    [Fact]
    public void Decode_OfEncode_GivesTheSameState()
    {
        var state = new GroupState("lb2", new Dictionary<string, TargetHealth>
        {
            ["lb1"] = new(false, 3, 1, Now.AddMinutes(-7)) { Seen = Now.AddMinutes(-1) },
            ["lb2"] = new(true, 0, 3, Now.AddDays(-2)),
        }, Now.AddMinutes(-6)) { AllDownSince = Now.AddMinutes(-9) };

        var back = GroupStateCodec.Decode(GroupStateCodec.Encode(state), "lb2", Targets, Now);

        Assert.Equal(state.Targets, back.Targets);
        Assert.Equal((state.LastSwitch, state.AllDownSince), (back.LastSwitch, back.AllDownSince));
    }

    [Fact]
    public void Decode_CountsInProgressWrittenWithoutTheirAge_AreAsOldAsTheLastChange()
    {
        var back = GroupStateCodec.Decode(new Dictionary<string, string> { ["health:lb1"] = $"up 2 0 {Now.AddHours(-3).ToUnixTimeSeconds()}" }, "lb1", Targets, Now);

        Assert.Equal(Now.AddHours(-3), back.Targets["lb1"].Seen);
        Assert.Equal(1, back.Targets["lb1"].Observe(false, Now, FailoverOptions.Default).Failures);
    }

    [Fact]
    public void Encode_FitsInATagValueAndATxtString()
    {
        var state = new GroupState("lb1", new Dictionary<string, TargetHealth> { ["lb1"] = new(true, 3, 3, Now) }, Now);

        var entries = GroupStateCodec.Encode(state);

        Assert.Equal("up 3 3 1795230000", entries["health:lb1"]);
        Assert.All(entries, e => Assert.True(e.Key.Length + e.Value.Length < 255));
    }

    [Theory]
    [InlineData("")]
    [InlineData("up 0 3")]
    [InlineData("sideways 0 3 1763694000")]
    [InlineData("down -1 0 1763694000")]
    [InlineData("down 1 0 yesterday")]
    public void Decode_DamagedEntry_StartsThatTargetAsUnknownUp(string damaged)
    {
        var entries = new Dictionary<string, string> { ["health:lb1"] = damaged, ["health:lb2"] = "down 3 0 1763690000", ["last-switch"] = "soon" };

        var state = GroupStateCodec.Decode(entries, "lb1", Targets, Now);

        Assert.Equal(TargetHealth.Unknown(Now), state.Targets["lb1"]);
        Assert.False(state.Targets["lb2"].Up);
        Assert.Null(state.LastSwitch);
    }

    [Fact]
    public void Decode_TargetsNoLongerConfigured_AreDroppedAndNewOnesStartUnknown()
    {
        var entries = new Dictionary<string, string> { ["health:old"] = "down 3 0 1763690000" };

        var state = GroupStateCodec.Decode(entries, "lb1", Targets, Now);

        Assert.Equal(Targets, state.Targets.Keys.Order());
        Assert.All(state.Targets.Values, h => Assert.Equal(TargetHealth.Unknown(Now), h));
    }

    [Fact]
    public void Decode_OfEncode_KeepsTheWriteCountTheIntentAndTheStandbysToldDown()
    {
        var state = new GroupState("lb1", new Dictionary<string, TargetHealth>(), null)
        {
            Generation = 41,
            Intent = new SwitchIntent("lb2", Now.AddSeconds(-5)),
            StandbyDown = new SortedSet<string>(["lb2"], StringComparer.Ordinal),
        };

        var back = GroupStateCodec.Decode(GroupStateCodec.Encode(state), "lb1", Targets, Now);

        Assert.Equal((41L, state.Intent), (back.Generation, back.Intent));
        Assert.Equal(["lb2"], back.StandbyDown);
    }

    [Fact]
    public void Decode_IntentOrStandbyNamingNoConfiguredTarget_IsDropped()
    {
        var entries = new Dictionary<string, string> { ["intent"] = "old 1763690000", ["standby-down"] = "old,lb2" };

        var state = GroupStateCodec.Decode(entries, "lb1", Targets, Now);

        Assert.Null(state.Intent);
        Assert.Equal(["lb2"], state.StandbyDown);
    }

    [Fact]
    public void MergedWith_AnotherRunSwitchedMeanwhile_KeepsTheLaterSwitchAndTheStoredWriteCount()
    {
        var mine = new GroupState("lb1", new Dictionary<string, TargetHealth>(), Now.AddHours(-1)) { Generation = 3 };
        var stored = new GroupState("lb2", new Dictionary<string, TargetHealth>(), Now.AddSeconds(-10)) { Generation = 5 };

        var merged = mine.MergedWith(stored);

        Assert.Equal((Now.AddSeconds(-10), 5L), (merged.LastSwitch, merged.Generation));
        Assert.Equal((Now.AddHours(-1), 5L), (stored with { LastSwitch = Now.AddHours(-2) }).MergedWith(mine with { Generation = 5 }) is var m ? (m.LastSwitch!.Value, m.Generation) : default);
    }
}
