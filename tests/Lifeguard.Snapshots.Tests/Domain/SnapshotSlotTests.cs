using Lifeguard.Snapshots.Domain;

namespace Lifeguard.Snapshots.Tests.Domain;

public sealed class SnapshotSlotTests
{
    [Fact]
    public void For_SameFiringDeliveredTwice_IsTheSameSlot()
    {
        var fired = new DateTimeOffset(2026, 11, 21, 3, 0, 0, TimeSpan.Zero);

        Assert.Equal(SnapshotSlot.For("daily", fired), SnapshotSlot.For("daily", fired.AddSeconds(40)));
        Assert.Equal("daily/2026-11-21T03:00Z", SnapshotSlot.For("daily", fired));
    }

    [Fact]
    public void For_OtherTierOrOtherFiring_IsAnotherSlot()
    {
        var fired = new DateTimeOffset(2026, 11, 21, 3, 0, 0, TimeSpan.Zero);

        Assert.NotEqual(SnapshotSlot.For("daily", fired), SnapshotSlot.For("weekly", fired));
        Assert.NotEqual(SnapshotSlot.For("3-hourly", fired), SnapshotSlot.For("3-hourly", fired.AddHours(3)));
    }

    [Theory]
    [InlineData("true", "daily", true)]
    [InlineData("TRUE", "monthly", true)]
    [InlineData("daily,weekly", "weekly", true)]
    [InlineData("daily weekly", "monthly", false)]
    [InlineData("false", "daily", false)]
    [InlineData("", "daily", false)]
    [InlineData(null, "daily", false)]
    public void Includes_BackupTag_SelectsTiers(string? value, string tier, bool expected) => Assert.Equal(expected, BackupTag.Includes(value, tier));
}
