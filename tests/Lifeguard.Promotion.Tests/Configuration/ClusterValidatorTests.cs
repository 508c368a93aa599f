using Lifeguard.Aws.Route53;
using Lifeguard.Promotion.Configuration;

namespace Lifeguard.Promotion.Tests.Configuration;

public sealed class ClusterValidatorTests
{
    public static ClusterConfig Valid() => new()
    {
        Name = "shop",
        AlarmNames = ["shop-master-down"],
        Record = new RecordConfig { HostedZoneId = "Z0123456789EXAMPLE", Name = "db-master.example.com" },
        Master = new NodeConfig { Name = "db1", Host = "10.0.0.1", InstanceId = "i-0123456789abcdef0" },
        Replicas = [new NodeConfig { Name = "db2", Host = "10.0.0.2", InstanceId = "i-0123456789abcdef1" }],
        SecretId = "lifeguard/shop-db",
    };

    [Fact]
    public void Validate_TheExample_HasNoErrors()
    {
        Assert.Empty(ClusterValidator.Validate([Valid()]));
    }

    public static TheoryData<ClusterConfig, string> Broken => new()
    {
        { Valid() with { Replicas = [] }, "clusters[0].replicas: none; promotion needs at least one replica." },
        { Valid() with { Replicas = [new NodeConfig { Name = "db2", Host = "db2.internal" }] }, "clusters[0].replicas[0].host: 'db2.internal' is not an IPv4 address (the record is an A record)." },
        { Valid() with { Replicas = [new NodeConfig { Name = "db2", Host = "10.0.0.1" }] }, "clusters[0].nodes[].host: '10.0.0.1' is used more than once." },
        { Valid() with { Replicas = [new NodeConfig { Name = "db2", Host = "10.0.0.2", Port = 0 }] }, "clusters[0].replicas[0].port: 0 must be between 1 and 65535." },
        { Valid() with { Replicas = [new NodeConfig { Name = "db2", Host = "10.0.0.2", Candidate = false }] }, "clusters[0].replicas: every replica has candidate false; at least one must be promotable." },
        { Valid() with { Record = new RecordConfig { HostedZoneId = "Z1", Name = "db-master.example.com", Type = "AAAA" } }, "clusters[0].record.type: 'AAAA' must be A or CNAME." },
        { Valid() with { SecretId = " " }, "clusters[0].secretId: empty; name the Secrets Manager secret with username, password, replicationUsername and replicationPassword." },
        { Valid() with { Policy = new PromotionPolicyConfig { ConnectTimeoutSeconds = 0 } }, "clusters[0].policy.connectTimeoutSeconds: 0 must be between 1 and 30." },
        { Valid() with { Master = new NodeConfig { Name = "db1", Host = "10.0.0.1" }, Policy = new PromotionPolicyConfig { StopOldMasterInstance = true } }, "clusters[0].policy.stopOldMasterInstance: every server needs an instanceId (any of them may be the master one day)." },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void Validate_Broken_NamesTheField(ClusterConfig cluster, string error)
    {
        Assert.Contains(error, ClusterValidator.Validate([cluster]));
    }

    [Fact]
    public void Validate_SameAlarmForTwoClusters_IsAnError()
    {
        var other = Valid() with { Name = "blog", Record = new RecordConfig { HostedZoneId = "Z0123456789EXAMPLE", Name = "blog-db.example.com" } };

        Assert.Contains("clusters[].alarmNames: 'shop-master-down' is used more than once.", ClusterValidator.Validate([Valid(), other]));
    }
}
