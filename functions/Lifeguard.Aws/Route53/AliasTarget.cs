namespace Lifeguard.Aws.Route53;

public sealed record AliasTarget(string HostedZoneId, string DnsName, bool EvaluateTargetHealth);
