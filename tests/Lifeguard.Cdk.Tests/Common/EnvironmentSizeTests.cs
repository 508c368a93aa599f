using Lifeguard.Cdk.Common;
using Lifeguard.Cdk.Configuration;

namespace Lifeguard.Cdk.Tests.Common;

public sealed class EnvironmentSizeTests
{
    [Fact]
    public void Check_RunbookUrl_CountsInTheEnvironmentLambdaLimits()
    {
        // 164 bytes are kept for LIFEGUARD_HANDLER and tokens that resolve longer: this one is exactly at the limit.
        var environment = new Dictionary<string, string> { ["LIFEGUARD_GROUPS"] = new string('x', EnvironmentSize.LimitBytes - 164 - "LIFEGUARD_GROUPS".Length) };

        EnvironmentSize.Check(environment, "failover.groups", runbookUrl: null);
        var ex = Assert.Throws<ConfigurationException>(() => EnvironmentSize.Check(environment, "failover.groups", "https://git.example.com/ops/lifeguard/README.md"));

        Assert.StartsWith("failover.groups: the configuration takes about 4164 bytes of environment, over Lambda's 4096", ex.Message, StringComparison.Ordinal);
    }
}
