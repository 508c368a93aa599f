using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Lifeguard.Aws.Route53;
using static Lifeguard.Runtime.Hosting.ConfigurationRules;

namespace Lifeguard.Promotion.Configuration;

/// <summary>Every problem of a cluster list, each naming its field (clusters[0].replicas[1].host: …). Shared with the CDK app.</summary>
public static partial class ClusterValidator
{
    public static IReadOnlyList<string> Validate(IReadOnlyList<ClusterConfig> clusters, string path = "clusters")
    {
        ArgumentNullException.ThrowIfNull(clusters);
        var errors = new List<string>();
        for (var i = 0; i < clusters.Count; i++)
        {
            ValidateCluster(clusters[i], $"{path}[{i}]", errors);
        }

        Duplicates(clusters.Select(c => c.Name), $"{path}[].name", errors);
        Duplicates(clusters.SelectMany(c => c.AlarmNames), $"{path}[].alarmNames", errors);
        Duplicates(clusters.Select(c => c.Record.Name.TrimEnd('.').ToUpperInvariant()), $"{path}[].record.name", errors);
        return errors;
    }

    private static void ValidateCluster(ClusterConfig cluster, string path, List<string> errors)
    {
        Name(cluster.Name, $"{path}.name", errors);
        var record = cluster.Record;
        errors.AddRange(record.Problems($"{path}.record", "A", "CNAME"));
        if (cluster.Replicas.Count == 0)
        {
            errors.Add($"{path}.replicas: none; promotion needs at least one replica.");
        }

        ValidateNode(cluster.Master, record.Type, $"{path}.master", errors);
        for (var r = 0; r < cluster.Replicas.Count; r++)
        {
            ValidateNode(cluster.Replicas[r], record.Type, $"{path}.replicas[{r}]", errors);
        }

        if (cluster.Replicas.Count > 0 && cluster.Replicas.All(r => !r.Candidate))
        {
            errors.Add($"{path}.replicas: every replica has candidate false; at least one must be promotable.");
        }

        Duplicates(cluster.Nodes.Select(n => n.Name), $"{path}.nodes[].name", errors);
        // The record tells which server is the master by its value, so two servers may not share an address.
        Duplicates(cluster.Nodes.Select(n => n.Host.TrimEnd('.').ToUpperInvariant()), $"{path}.nodes[].host", errors);
        if (string.IsNullOrWhiteSpace(cluster.SecretId))
        {
            errors.Add($"{path}.secretId: empty; name the Secrets Manager secret with username, password, replicationUsername and replicationPassword.");
        }

        foreach (var alarm in cluster.AlarmNames.Where(a => a.Length is 0 or > 255))
        {
            errors.Add($"{path}.alarmNames: '{alarm}' must be 1-255 characters.");
        }

        var policy = cluster.Policy;
        Range(policy.MaxLagSeconds, 0, 86_400, $"{path}.policy.maxLagSeconds", errors);
        Range(policy.RelayApplyTimeoutSeconds, 1, 600, $"{path}.policy.relayApplyTimeoutSeconds", errors);
        Range(policy.AntiFlapMinutes, 0, 10_080, $"{path}.policy.antiFlapMinutes", errors);
        Range(policy.ConnectTimeoutSeconds, 1, 30, $"{path}.policy.connectTimeoutSeconds", errors);
        Range(policy.DetectionTimeoutSeconds, 1, 300, $"{path}.policy.detectionTimeoutSeconds", errors);
        Range(policy.WatchIntervalSeconds, 1, 30, $"{path}.policy.watchIntervalSeconds", errors);
        if (policy.StopOldMasterInstance && cluster.Nodes.Any(n => n.InstanceId is null))
        {
            errors.Add($"{path}.policy.stopOldMasterInstance: every server needs an instanceId (any of them may be the master one day).");
        }
    }

    private static void ValidateNode(NodeConfig node, string recordType, string path, List<string> errors)
    {
        Name(node.Name, $"{path}.name", errors);

        var hostOk = recordType == "A"
            ? IPAddress.TryParse(node.Host, out var ip) && ip.AddressFamily == AddressFamily.InterNetwork && node.Host.Count(c => c == '.') == 3
            : RecordConfig.IsHostName(node.Host);
        if (!hostOk)
        {
            errors.Add($"{path}.host: '{node.Host}' is not {(recordType == "A" ? "an IPv4 address (the record is an A record)" : "a host name (the record is a CNAME)")}.");
        }

        Range(node.Port, 1, 65_535, $"{path}.port", errors);
        if (node.InstanceId is { } id && !InstancePattern().IsMatch(id))
        {
            errors.Add($"{path}.instanceId: '{id}' is not an instance id such as i-0123456789abcdef0.");
        }
    }

    [GeneratedRegex("^i-[0-9a-f]{8,17}$")]
    private static partial Regex InstancePattern();
}
