using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Lifeguard.Aws.Route53;
using Lifeguard.Failover.Domain;
using static Lifeguard.Runtime.Hosting.ConfigurationRules;

namespace Lifeguard.Failover.Configuration;

/// <summary>Every problem of a group list, each naming its field (groups[0].targets[1].probe.url: …).</summary>
public static partial class FailoverGroupValidator
{
    public static IReadOnlyList<string> Validate(IReadOnlyList<FailoverGroup> groups, string path = "groups")
    {
        ArgumentNullException.ThrowIfNull(groups);
        var errors = new List<string>();
        for (var i = 0; i < groups.Count; i++)
        {
            ValidateGroup(groups[i], $"{path}[{i}]", errors);
        }

        Duplicates(groups.Select(g => g.Name), $"{path}[].name", errors);
        Duplicates(groups.Select(g => g.Record is { } r ? $"{r.Name.TrimEnd('.').ToUpperInvariant()} {r.Type}" : g.ElasticIp?.AllocationId), $"{path}[].record/elasticIp", errors);
        return errors;
    }

    private static void ValidateGroup(FailoverGroup group, string path, List<string> errors)
    {
        Name(group.Name, $"{path}.name", errors);

        if ((group.Record is null) == (group.ElasticIp is null))
        {
            errors.Add($"{path}: give exactly one of 'record' (a Route 53 record) or 'elasticIp'.");
        }

        if (group.Record is { } record)
        {
            errors.AddRange(record.Problems($"{path}.record", "A", "AAAA", "CNAME"));
        }

        if (group.ElasticIp is { } eip && !AllocationPattern().IsMatch(eip.AllocationId))
        {
            errors.Add($"{path}.elasticIp.allocationId: '{eip.AllocationId}' is not an allocation id such as eipalloc-0123456789abcdef0.");
        }

        if (group.Targets.Count < 2)
        {
            errors.Add($"{path}.targets: {group.Targets.Count} target(s); failing over needs at least two.");
        }

        for (var t = 0; t < group.Targets.Count; t++)
        {
            ValidateTarget(group, group.Targets[t], $"{path}.targets[{t}]", errors);
        }

        Duplicates(group.Targets.Select(t => t.Name), $"{path}.targets[].name", errors);
        Duplicates(group.Targets.Select(t => t.Value.TrimEnd('.').ToUpperInvariant()), $"{path}.targets[].value", errors);
        if (group.ElasticIp is not null && group.Targets.Select(t => t.Value.StartsWith("eni-", StringComparison.Ordinal)).Distinct().Count() > 1)
        {
            errors.Add($"{path}.targets: give all instances (i-…) or all network interfaces (eni-…), not a mix.");
        }

        if (group.ConfirmWith is not (null or "route53"))
        {
            errors.Add($"{path}.confirmWith: '{group.ConfirmWith}' must be \"route53\" (Route 53 health checks confirm each switch) or left out.");
        }

        if (group.Hooks is { } hooks)
        {
            ValidateHooks(group, hooks, $"{path}.hooks", errors);
        }

        Range(group.FailThreshold, 1, 10, $"{path}.failThreshold", errors);
        Range(group.RecoverThreshold, 1, 10, $"{path}.recoverThreshold", errors);
        Range(group.CooldownSeconds, 0, 86_400, $"{path}.cooldownSeconds", errors);
        Range(group.FailbackAfterSeconds, 0, 86_400, $"{path}.failbackAfterSeconds", errors);
        if (group.Failback is not ("never" or "after-healthy"))
        {
            errors.Add($"{path}.failback: '{group.Failback}' must be 'never' or 'after-healthy'.");
        }
    }

    private static void ValidateHooks(FailoverGroup group, SwitchHooksConfig hooks, string path, List<string> errors)
    {
        foreach (var (document, field) in new[] { (hooks.OnNew, "onNew"), (hooks.OnOld, "onOld") })
        {
            if (document is not null && !DocumentPattern().IsMatch(document))
            {
                errors.Add($"{path}.{field}: '{document}' is not an SSM document name (3 to 128 letters, digits, '_', '-' and '.').");
            }
        }

        if (hooks.OnNew is null && hooks.OnOld is null)
        {
            errors.Add($"{path}: give 'onNew', 'onOld' or both (SSM documents to run after a switch).");
        }

        // Within the health check's 90-second run, beside its last rounds.
        Range(hooks.TimeoutSeconds, 30, 60, $"{path}.timeoutSeconds", errors);
        for (var t = 0; t < group.Targets.Count; t++)
        {
            if (group.Targets[t].InstanceId is not { } instance)
            {
                errors.Add($"{path}: targets[{t}] ('{group.Targets[t].Name}') has no 'instanceId' for the hooks to run on.");
            }
            else if (!InstanceOrInterfacePattern().IsMatch(instance) || !instance.StartsWith("i-", StringComparison.Ordinal))
            {
                errors.Add($"{path}: targets[{t}].instanceId '{instance}' is not an instance id such as i-0123456789abcdef0.");
            }
        }
    }

    private static void ValidateTarget(FailoverGroup group, TargetConfig target, string path, List<string> errors)
    {
        Name(target.Name, $"{path}.name", errors);

        var valueProblem = (group.Record?.Type, group.ElasticIp) switch
        {
            ("A", _) when !(IPAddress.TryParse(target.Value, out var ip) && ip.AddressFamily == AddressFamily.InterNetwork && target.Value.Count(c => c == '.') == 3) => "an IPv4 address",
            ("AAAA", _) when !(IPAddress.TryParse(target.Value, out var ip) && ip.AddressFamily == AddressFamily.InterNetworkV6) => "an IPv6 address",
            ("CNAME", _) when !RecordConfig.IsHostName(target.Value) => "a host name",
            (null, not null) when !InstanceOrInterfacePattern().IsMatch(target.Value) => "an instance id (i-…) or network interface id (eni-…)",
            _ => null,
        };
        if (valueProblem is not null)
        {
            errors.Add($"{path}.value: '{target.Value}' is not {valueProblem}.");
        }

        var probe = target.Probe;
        var probePath = $"{path}.probe";
        if ((probe.Url is null) == (probe.Tcp is null))
        {
            errors.Add($"{probePath}: give exactly one of 'url' (an HTTP or HTTPS GET) or 'tcp' (\"host:port\").");
        }

        if (probe.Url is { } url && !(url.IsAbsoluteUri && url.Scheme is "http" or "https"))
        {
            errors.Add($"{probePath}.url: '{url}' is not an absolute http:// or https:// URL.");
        }

        if (probe.Tcp is { } tcp && TcpEndpoint(tcp) is null)
        {
            errors.Add($"{probePath}.tcp: '{tcp}' is not \"host:port\" with a port from 1 to 65535.");
        }

        if (probe.Tcp is not null && (probe.Body is not null || probe.HostHeader is not null))
        {
            errors.Add($"{probePath}: 'body' and 'hostHeader' apply to an HTTP probe, not to 'tcp'.");
        }

        try
        {
            StatusRanges.Parse(probe.Status, $"{probePath}.status");
        }
        catch (FormatException ex)
        {
            errors.Add(ex.Message);
        }

        if (probe.TimeoutSeconds is not (>= 0.1 and <= 30))
        {
            errors.Add($"{probePath}.timeoutSeconds: {probe.TimeoutSeconds.ToString(CultureInfo.InvariantCulture)} must be between 0.1 and 30.");
        }
    }

    /// <summary>"url" or "tcp" when the probe names an IPv6 address (which needs IPv6 egress); null otherwise.</summary>
    public static string? ProbesIpv6(ProbeConfig probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        return probe.Url is { IsAbsoluteUri: true, HostNameType: UriHostNameType.IPv6 } ? "url"
            : probe.Tcp is { } tcp && TcpEndpoint(tcp) is { } endpoint && IPAddress.TryParse(endpoint.Host, out var ip) && ip.AddressFamily == AddressFamily.InterNetworkV6 ? "tcp"
            : null;
    }

    /// <summary>"host:port" or "[v6]:port" split, or null.</summary>
    public static (string Host, int Port)? TcpEndpoint(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            return null;
        }

        var host = text[..colon].Trim('[', ']');
        return host.Length > 0 && (RecordConfig.IsHostName(host) || IPAddress.TryParse(host, out _)) ? (host, port) : null;
    }

    [GeneratedRegex(@"^[A-Za-z0-9_.\-]{3,128}$")]
    private static partial Regex DocumentPattern();

    [GeneratedRegex("^eipalloc-[0-9a-f]{8,17}$")]
    private static partial Regex AllocationPattern();

    [GeneratedRegex("^(i|eni)-[0-9a-f]{8,17}$")]
    private static partial Regex InstanceOrInterfacePattern();
}
