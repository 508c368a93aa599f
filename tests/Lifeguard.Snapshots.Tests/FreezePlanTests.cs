using Lifeguard.Snapshots.Domain;

namespace Lifeguard.Snapshots.Tests;

public sealed class FreezePlanTests
{
    [Fact]
    public void ForVolume_MultiAttached_IsNotFrozenAndSaysWhy()
    {
        var volume = new Volume("vol-0123456789abcdef0", 8, "us-east-1a", "in-use", "io2", false, null,
            [new("i-0000000000000000a", "/dev/sdf", "attached", false), new("i-0000000000000000b", "/dev/sdf", "attached", false)],
            [new(SnapshotTags.Freeze, "/data")]);

        var plan = FreezePlan.ForVolume(volume, new Dictionary<string, Instance>(), [volume]);

        Assert.Empty(plan.Targets);
        Assert.Contains("multi-attach", Assert.Single(plan.Refusals), StringComparison.Ordinal);
    }
}
