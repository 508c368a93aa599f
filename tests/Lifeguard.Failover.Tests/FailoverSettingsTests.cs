using Lifeguard.Runtime.Hosting;

namespace Lifeguard.Failover.Tests;

public sealed class FailoverSettingsTests
{
    private const string Valid = """
        [{"name":"web","record":{"hostedZoneId":"/hostedzone/Z0123456789ABC","name":"lb.example.com"},
          "targets":[{"name":"lb1","value":"192.0.2.1","probe":{"url":"http://192.0.2.1/health","body":"OK"}},
                     {"name":"lb2","value":"192.0.2.2","probe":{"tcp":"192.0.2.2:443","timeoutSeconds":2}}],
          "failback":"after-healthy"}]
        """;

    [Fact]
    public void FromEnvironment_ValidGroups_ReadsThemWithDefaults()
    {
        var settings = FailoverSettings.FromEnvironment(Environment(Valid, ("LIFEGUARD_PROBE_INTERVAL_SECONDS", "5")));

        var group = Assert.Single(settings.Groups);
        Assert.Equal(("Z0123456789ABC", "A", 60L), (group.Record!.ZoneId, group.Record.Type, group.Record.Ttl));
        Assert.Equal((3, 3, TimeSpan.FromMinutes(5), Lifeguard.Failover.Domain.FailbackPolicy.AfterHealthy), (group.Options.FailThreshold, group.Options.RecoverThreshold, group.Options.Cooldown, group.Options.Failback));
        Assert.Equal(("200-399", 3.0), (group.Targets[0].Probe.Status, group.Targets[0].Probe.TimeoutSeconds));
        Assert.Equal(TimeSpan.FromSeconds(5), settings.ProbeInterval);
    }

    [Theory]
    [InlineData(null, "LIFEGUARD_FAILOVER_GROUPS is not set")]
    [InlineData("""[{"name":"web","targets":[],"extra":1}]""", "extra")]
    [InlineData("""[{"name":"web","targets":[{"name":"lb1","value":"192.0.2.1","probe":{"url":"http://x/"}}]}]""", "groups[0]: give exactly one of 'record' (a Route 53 record) or 'elasticIp'.")]
    [InlineData("""[{"name":"web","record":{"hostedZoneId":"Z1","name":"lb.example.com"},"targets":[{"name":"lb1","value":"192.0.2.300","probe":{"url":"ftp://x/"}},{"name":"lb1","value":"192.0.2.2","probe":{"tcp":"x:0","status":"2xx"}}]}]""",
        "groups[0].targets[0].value: '192.0.2.300' is not an IPv4 address.")]
    public void FromEnvironment_BadGroups_NamesTheVariableAndField(string? json, string expected)
    {
        var ex = Assert.Throws<InvalidOperationException>(() => FailoverSettings.FromEnvironment(Environment(json)));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("LIFEGUARD_FAILOVER_GROUPS", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromEnvironment_SeveralProblems_ListsEveryOne()
    {
        const string json = """[{"name":"web","record":{"hostedZoneId":"Z1","name":"lb.example.com"},"targets":[{"name":"lb1","value":"192.0.2.1","probe":{"url":"ftp://x/"}},{"name":"lb1","value":"192.0.2.2","probe":{"tcp":"x:0","status":"2xx"}}],"failThreshold":0}]""";

        var ex = Assert.Throws<InvalidOperationException>(() => FailoverSettings.FromEnvironment(Environment(json)));

        Assert.Contains("groups[0].targets[0].probe.url: 'ftp://x/' is not an absolute http:// or https:// URL.", ex.Message, StringComparison.Ordinal);
        Assert.Contains("groups[0].targets[1].probe.tcp: 'x:0'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("groups[0].targets[1].probe.status: '2xx'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("groups[0].targets[].name: 'lb1' is used more than once.", ex.Message, StringComparison.Ordinal);
        Assert.Contains("groups[0].failThreshold: 0 must be between 1 and 10.", ex.Message, StringComparison.Ordinal);
    }

    private static DictionaryEnvironment Environment(string? groups, params (string Name, string Value)[] more)
    {
        var variables = more.ToDictionary(v => v.Name, string? (v) => v.Value);
        if (groups is not null)
        {
            variables[FailoverSettings.GroupsVariable] = groups;
        }

        return new DictionaryEnvironment(variables);
    }
}
