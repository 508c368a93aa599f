using System.Net;
using Amazon.CDK.AWS.Route53;
using Constructs;
using Lifeguard.Failover.Configuration;

namespace Lifeguard.Cdk.Failover;

/// <summary>
/// One Route 53 health check per target of every group with confirmWith "route53", probing what Lifeguard's own probe
/// does (same address, port, path, Host header and body string): the second opinion must be about the same thing, or
/// the two disagree and the switch Lifeguard decided never gets confirmed.
/// </summary>
public sealed class Route53HealthChecks : Construct
{
    public const string ConfirmWithRoute53 = "route53";

    /// <summary>Route 53's standard interval; 10 s costs more and tells the minute-scale confirmation nothing new.</summary>
    public const int RequestIntervalSeconds = 30;

    /// <summary>A health check id as long as the real ones (a UUID), for sizing the environment before the ids exist.</summary>
    public const string IdPlaceholder = "00000000-0000-0000-0000-000000000000";

    public Route53HealthChecks(Construct scope, string id, IReadOnlyList<FailoverGroup> groups) : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var ids = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var group in groups.Where(g => g.ConfirmWith == ConfirmWithRoute53))
        {
            // Group and target names are unique where they live, so scope by group: "a-b"/"c" and "a"/"b-c" cannot clash.
            var groupScope = new Construct(this, group.Name);
            var targets = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var target in group.Targets)
            {
                var check = new CfnHealthCheck(groupScope, target.Name, new CfnHealthCheckProps
                {
                    HealthCheckConfig = ConfigFor(target.Probe, group.FailThreshold),
                    HealthCheckTags = new CfnHealthCheck.IHealthCheckTagProperty[] { new CfnHealthCheck.HealthCheckTagProperty { Key = "Name", Value = $"lifeguard {group.Name} {target.Name}" } },
                });
                targets[target.Name] = check.Ref;
            }

            ids[group.Name] = targets;
        }

        Ids = ids;
    }

    /// <summary>Per group, per target, its health check id (a token until deploy), in the shape LIFEGUARD_ROUTE53_HEALTH_CHECKS takes.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Ids { get; }

    /// <summary>
    /// The health check for one probe. Regions are left out on purpose: Route 53 then checks from all of its checker
    /// regions, more than the three a region list needs at least, and no list here can go stale.
    /// </summary>
    public static CfnHealthCheck.HealthCheckConfigProperty ConfigFor(ProbeConfig probe, int failureThreshold)
    {
        ArgumentNullException.ThrowIfNull(probe);
        if (probe.Url is { } url)
        {
            var https = url.Scheme == Uri.UriSchemeHttps;
            var address = AddressOf(url);
            return new CfnHealthCheck.HealthCheckConfigProperty
            {
                Type = (https ? "HTTPS" : "HTTP") + (probe.Body is null ? string.Empty : "_STR_MATCH"),
                IpAddress = address?.ToString(),
                // With an address, Route 53 sends FullyQualifiedDomainName as the Host header (and, for HTTPS, as the
                // TLS server name), as the probe sends hostHeader; without one, it resolves the name (IPv4 only).
                FullyQualifiedDomainName = address is null ? url.IdnHost : probe.HostHeader,
                Port = url.Port,
                ResourcePath = url.PathAndQuery,
                SearchString = probe.Body,
                EnableSni = https ? true : null,
                RequestInterval = RequestIntervalSeconds,
                FailureThreshold = failureThreshold,
                // Cannot be changed after creation, and the latency graphs are not what Lifeguard reads.
                MeasureLatency = false,
            };
        }

        var (host, port) = FailoverGroupValidator.TcpEndpoint(probe.Tcp ?? string.Empty)
            ?? throw new ArgumentException($"The probe has neither a url nor a valid tcp \"host:port\" ('{probe.Tcp}').", nameof(probe));
        var tcpAddress = IPAddress.TryParse(host, out var parsed) ? parsed : null;
        return new CfnHealthCheck.HealthCheckConfigProperty
        {
            Type = "TCP",
            IpAddress = tcpAddress?.ToString(),
            FullyQualifiedDomainName = tcpAddress is null ? host : null,
            Port = port,
            RequestInterval = RequestIntervalSeconds,
            FailureThreshold = failureThreshold,
            MeasureLatency = false,
        };
    }

    /// <summary>The URL's host when it is an IPv4 or IPv6 literal (without the brackets), else null.</summary>
    public static IPAddress? AddressOf(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 && IPAddress.TryParse(url.Host.Trim('[', ']'), out var address)
            ? address
            : null;
    }
}
