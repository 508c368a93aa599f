using System.Text.Json;
using Lifeguard.Promotion.Configuration;
using Lifeguard.TestSupport;

namespace Lifeguard.Promotion.Tests.Actions;

/// <summary>
/// The partition an operator fears most: the function loses the master (a security group, a NACL, a route) while the
/// master is alive, the application writes to it and the replicas replicate from it. The function runs as its own
/// process and user (nobody) with that user's packets to the master dropped by iptables; everything else reaches it.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PartitionTests(MotoFixture moto) : PromotionClusterTest(moto)
{
    [Fact]
    public async Task Alarm_OnlyTheFunctionLostTheMaster_NoPromotionAndAnAlertWithTheEvidence()
    {
        var (master, db2, db3) = (Cluster.Master, Cluster.Replicas[0], Cluster.Replicas[1]);
        var before = Topology();
        using var partition = Firewall.DropTcp(Firewall.PartitionedUid, master.Host, master.Port);

        var report = await InvokeAsync(AlarmJson());

        Assert.True(report.GetProperty("outcome").GetString() == "unreachable-master", report.ToString());
        var reason = report.GetProperty("reason").GetString()!;
        Assert.Contains("still receives from it", reason, StringComparison.Ordinal);
        Assert.Contains("Nothing was changed", reason, StringComparison.Ordinal);
        Assert.EndsWith("\"force\": [\"replicas-see-master\"].", reason, StringComparison.Ordinal);
        // Nothing moved: one master, taking writes, that its replicas still follow.
        Assert.Equal(before, Topology());
        Assert.Equal(master.Host, await RecordValue());
        Assert.Null(await LockValues());
        Cluster.Write(51, 5);
        db2.WaitForApplied(master, TimeSpan.FromSeconds(20));
        db3.WaitForApplied(master, TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Alarm_SameFunctionUserWithoutThePartition_SeesTheMasterAlive()
    {
        // The control: the same process, user and event without the rule is a false alarm, so the test above
        // measures the partition and nothing else.
        var report = await InvokeAsync(AlarmJson());

        Assert.True(report.GetProperty("outcome").GetString() == "false-alarm", report.ToString());
    }

    private Task<JsonElement> InvokeAsync(string eventJson)
    {
        var environment = new Dictionary<string, string?>(Moto.AwsEnvironment())
        {
            [PromotionSettings.ClustersVariable] = JsonSerializer.Serialize<IReadOnlyList<ClusterConfig>>([Config()], PromotionJsonContext.Default.IReadOnlyListClusterConfig),
        };
        return FunctionProcess.InvokeAsync("Lifeguard.Promotion", PromotionComposition.HandlerName, eventJson, environment, Firewall.PartitionedUid);
    }

    private static string AlarmJson() => File.ReadAllText(Path.Combine(RepositoryPaths.Events, "promotion", "alarm-action.json"));
}
