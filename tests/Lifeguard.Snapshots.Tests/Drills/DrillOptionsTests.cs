using Lifeguard.Runtime.Hosting;
using Lifeguard.Snapshots.Drills;

namespace Lifeguard.Snapshots.Tests.Drills;

public sealed class DrillOptionsTests
{
    [Fact]
    public void FromEnvironment_Defaults_FourteenDaysEveryVolumeNoInstance()
    {
        var options = DrillOptions.FromEnvironment(new DictionaryEnvironment(new Dictionary<string, string?>()));

        Assert.Equal(TimeSpan.FromDays(14), options.MaxAge);
        Assert.Null(options.Sample);
        Assert.Null(options.InstanceId);
        Assert.Null(options.Command);
        Assert.Equal(TimeSpan.FromHours(1), options.LeftoverAfter);
    }

    [Theory]
    [InlineData("LIFEGUARD_DRILL_INSTANCE_ID", "db1")]
    [InlineData("LIFEGUARD_DRILL_MAX_AGE_DAYS", "0")]
    [InlineData("LIFEGUARD_DRILL_SAMPLE", "-1")]
    [InlineData("LIFEGUARD_DRILL_COMMAND", " ")]
    [InlineData("LIFEGUARD_DRILL_LEFTOVER_MINUTES", "10")]
    public void FromEnvironment_BadValue_NamesTheVariable(string name, string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => DrillOptions.FromEnvironment(new DictionaryEnvironment(new Dictionary<string, string?> { [name] = value })));

        Assert.Contains(name, error.Message, StringComparison.Ordinal);
    }
}
