using Lifeguard.Promotion.Domain;

namespace Lifeguard.Promotion.Tests.Domain;

public sealed class BinlogPositionTests
{
    [Theory]
    [InlineData("binlog.000009", 99999, "binlog.000010", 4)]
    [InlineData("binlog.999999", 5, "binlog.1000000", 4)]
    [InlineData("binlog.000010", 4, "binlog.000010", 5)]
    public void CompareTo_ByFileNumberThenOffset(string earlierFile, long earlierOffset, string laterFile, long laterOffset)
    {
        Assert.True(new BinlogPosition(earlierFile, earlierOffset) < new BinlogPosition(laterFile, laterOffset));
        Assert.True(new BinlogPosition(laterFile, laterOffset) > new BinlogPosition(earlierFile, earlierOffset));
    }
}
