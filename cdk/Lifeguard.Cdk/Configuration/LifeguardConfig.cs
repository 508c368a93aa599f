using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Lifeguard.Cdk.Configuration;

/// <summary>The deployment configuration (config/example.json documents every field).</summary>
public sealed partial record LifeguardConfig
{
    /// <summary>Retention periods CloudWatch Logs accepts.</summary>
    public static readonly IReadOnlySet<int> AllowedLogRetentionDays = new HashSet<int>
    {
        1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
    };

    [JsonPropertyName("stackName")] public required string StackName { get; init; }

    /// <summary>Account and region to deploy to; when absent, the CLI's current ones (environment-agnostic).</summary>
    [JsonPropertyName("account")] public string? Account { get; init; }

    [JsonPropertyName("region")] public string? Region { get; init; }

    /// <summary>A setter, not init: generated deserialization would set an absent init-only int to 0.</summary>
    [JsonPropertyName("logRetentionDays")] public int LogRetentionDays { get; set; } = 30;

    [JsonPropertyName("notifications")] public NotificationsConfig Notifications { get; init => field = value ?? new(); } = new();

    [JsonPropertyName("snapshots")] public SnapshotsConfig Snapshots { get; init => field = value ?? new(); } = new();

    [JsonPropertyName("failover")] public FailoverConfig Failover { get; init => field = value ?? new(); } = new();

    [JsonPropertyName("promotion")] public PromotionConfig Promotion { get; init => field = value ?? new(); } = new();

    [JsonPropertyName("jobs")] public JobsConfig Jobs { get; init => field = value ?? new(); } = new();

    /// <summary>An alarm description holds 1024 characters: the text, then the reference with this address.</summary>
    public const int MaxRunbookUrlLength = 400;

    /// <summary>Every problem, each naming its field; empty when the configuration is valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!StackNamePattern().IsMatch(StackName))
        {
            errors.Add($"stackName: '{StackName}' must start with a letter and hold only letters, digits and hyphens (at most 128).");
        }

        if (Account is not null && !AccountPattern().IsMatch(Account))
        {
            errors.Add($"account: '{Account}' is not a 12-digit AWS account id.");
        }

        if (Region is not null && !RegionPattern().IsMatch(Region))
        {
            errors.Add($"region: '{Region}' is not an AWS region name such as eu-west-1.");
        }

        if (!AllowedLogRetentionDays.Contains(LogRetentionDays))
        {
            errors.Add($"logRetentionDays: {LogRetentionDays} is not a CloudWatch Logs retention; use one of {string.Join(", ", AllowedLogRetentionDays.Order())}.");
        }

        for (var i = 0; i < Notifications.Emails.Count; i++)
        {
            if (!EmailPattern().IsMatch(Notifications.Emails[i]))
            {
                errors.Add($"notifications.emails[{i}]: '{Notifications.Emails[i]}' is not an email address.");
            }
        }

        for (var i = 0; i < Notifications.SmsNumbers.Count; i++)
        {
            if (!E164Pattern().IsMatch(Notifications.SmsNumbers[i]))
            {
                errors.Add($"notifications.smsNumbers[{i}]: '{Notifications.SmsNumbers[i]}' is not an E.164 number such as +15555550100.");
            }
        }

        if (Notifications.RunbookUrl is { } runbook
            && (!Uri.TryCreate(runbook, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http") || url.Fragment.Length > 0 || runbook.Length > MaxRunbookUrlLength))
        {
            errors.Add($"notifications.runbookUrl: '{runbook}' must be an http(s) address of the README without a #fragment, at most {MaxRunbookUrlLength} characters (each entry's anchor is added to it).");
        }

        ValidateSnapshots(errors);
        ValidateDrills(errors);
        ValidateFailover(errors);
        ValidateJobs(errors);
        ValidatePromotion(errors);
        return errors;
    }

    private void ValidateSnapshots(List<string> errors)
    {
        if (Snapshots.Catalog is not ("tags" or "simpledb"))
        {
            errors.Add($"snapshots.catalog: '{Snapshots.Catalog}' must be 'tags' or 'simpledb'.");
        }

        ValidateSchedule(Snapshots.ExpireSchedule, "snapshots.expireSchedule", errors);

        try
        {
            var coverage = ScheduleInterval.Of(Snapshots.CoverageSchedule);
            if (coverage > TimeSpan.FromDays(1))
            {
                errors.Add($"snapshots.coverageSchedule: '{Snapshots.CoverageSchedule}' runs less than daily; the check and its alarm need at least a daily run.");
            }
        }
        catch (FormatException ex)
        {
            errors.Add($"snapshots.coverageSchedule: '{Snapshots.CoverageSchedule}' is not a valid EventBridge expression: {ex.Message}.");
        }

        if (Snapshots.OrphanRetentionDays is < 0 or > 3650)
        {
            errors.Add($"snapshots.orphanRetentionDays: {Snapshots.OrphanRetentionDays} must be between 0 and 3650.");
        }

        if (Snapshots.RecycleBinDays is < 0 or > 365)
        {
            errors.Add($"snapshots.recycleBinDays: {Snapshots.RecycleBinDays} must be between 1 and 365 (Recycle Bin's limits), or 0 for no rule.");
        }

        if (Snapshots.MissedRunAlarmHours is < 1 or > 24)
        {
            errors.Add($"snapshots.missedRunAlarmHours: {Snapshots.MissedRunAlarmHours} must be between 1 and 24 (a CloudWatch alarm looks back at most a day).");
        }

        for (var i = 0; i < Snapshots.Tiers.Count; i++)
        {
            var tier = Snapshots.Tiers[i];
            if (!TierName().IsMatch(tier.Name ?? string.Empty))
            {
                errors.Add($"snapshots.tiers[{i}].name: '{tier.Name}' must be 1-32 lower-case letters, digits or hyphens.");
            }

            ValidateTierSchedule(errors, tier, i);

            if (tier.Keep is < 1 or > 1000)
            {
                errors.Add($"snapshots.tiers[{i}].keep: {tier.Keep} must be between 1 and 1000, or left out to keep by age alone.");
            }

            try
            {
                var retention = Lifeguard.Snapshots.Domain.Retention.Parse(tier.Retention, $"snapshots.tiers[{i}].retention");
                if (tier.Lock is not null && retention.AddTo(DateTimeOffset.UnixEpoch) - DateTimeOffset.UnixEpoch < TimeSpan.FromDays(1))
                {
                    errors.Add($"snapshots.tiers[{i}].lock: a tier kept {tier.Retention} cannot be locked; EBS snapshot lock takes at least a day.");
                }

                if (tier.CopyTo is { } copy)
                {
                    Lifeguard.Snapshots.Domain.Retention.Parse(copy.Retention, $"snapshots.tiers[{i}].copyTo.retention");
                }
            }
            catch (FormatException ex)
            {
                errors.Add(ex.Message);
            }

            if (tier.CopyTo is { } target && !RegionName().IsMatch(target.Region ?? string.Empty))
            {
                errors.Add($"snapshots.tiers[{i}].copyTo.region: '{target.Region}' is not a region name such as \"us-west-2\".");
            }
            else if (tier.CopyTo is { } sameRegion && sameRegion.Region == Region)
            {
                errors.Add($"snapshots.tiers[{i}].copyTo.region: '{sameRegion.Region}' is the deployment's own region; copies belong in another one.");
            }

            if (tier.CopyTo?.KmsKeyId is { } key && !KmsKey().IsMatch(key))
            {
                errors.Add($"snapshots.tiers[{i}].copyTo.kmsKeyId: '{key}' is not a KMS key id, alias (alias/...) or ARN.");
            }

            if (tier.Lock is not (null or "compliance" or "governance"))
            {
                errors.Add($"snapshots.tiers[{i}].lock: '{tier.Lock}' must be \"compliance\" or \"governance\", or left out for no lock.");
            }
        }

        foreach (var duplicate in Snapshots.Tiers.GroupBy(t => t.Name).Where(g => g.Count() > 1))
        {
            errors.Add($"snapshots.tiers: the tier name '{duplicate.Key}' is used more than once.");
        }
    }

    /// <summary>
    /// The schedule must be valid EventBridge, and the coverage check must know the tier's interval: computed from the
    /// schedule, or given as `interval` where the schedule uses L, W or #.
    /// </summary>
    private static void ValidateTierSchedule(List<string> errors, SnapshotTierConfig tier, int i)
    {
        bool computable;
        try
        {
            computable = ScheduleInterval.Validate(tier.Schedule);
        }
        catch (FormatException ex)
        {
            errors.Add($"snapshots.tiers[{i}].schedule: '{tier.Schedule}' of tier '{tier.Name}' is not a valid EventBridge cron(...) or rate(...) expression: {ex.Message}.");
            return;
        }

        if (!computable && tier.Interval is null)
        {
            errors.Add($"snapshots.tiers[{i}].schedule: '{tier.Schedule}' of tier '{tier.Name}' uses L, W or #, whose firings Lifeguard does not compute; "
                + $"give the tier an explicit \"interval\" (the longest time between two firings, such as \"31 days\") for the coverage check.");
            return;
        }

        try
        {
            var interval = tier.ResolveInterval($"snapshots.tiers[{i}].interval");
            if (interval < TimeSpan.FromMinutes(1))
            {
                errors.Add($"snapshots.tiers[{i}].interval: tier '{tier.Name}' fires at most every minute; an interval under a minute is not one.");
            }
        }
        catch (FormatException ex)
        {
            errors.Add(tier.Interval is null
                ? $"snapshots.tiers[{i}].schedule: '{tier.Schedule}' of tier '{tier.Name}': {ex.Message}; give the tier an explicit \"interval\"."
                : ex.Message);
        }
    }

    private void ValidateFailover(List<string> errors)
    {
        if (!Failover.Enabled)
        {
            return;
        }

        if (Failover.Groups.Count == 0)
        {
            errors.Add("failover.groups: the health check is enabled but has no groups.");
        }

        errors.AddRange(Lifeguard.Failover.Configuration.FailoverGroupValidator.Validate(Failover.Groups, "failover.groups"));
        if (Failover.ProbeIntervalSeconds is < 1 or > 60)
        {
            errors.Add($"failover.probeIntervalSeconds: {Failover.ProbeIntervalSeconds} must be from 1 to 60 (rounds within the one-minute schedule).");
        }

        if (Failover.Vpc is { } vpc)
        {
            ValidateVpc(vpc, "failover.vpc", errors);
        }

        if (Failover.Vpc is not { Ipv6AllowedForDualStack: true })
        {
            // Lambda has no IPv6 egress outside a VPC, nor in one without the dual-stack option: such a probe always
            // fails, and the group would sit in a permanent all-down.
            for (var g = 0; g < Failover.Groups.Count; g++)
            {
                for (var t = 0; t < Failover.Groups[g].Targets.Count; t++)
                {
                    if (Lifeguard.Failover.Configuration.FailoverGroupValidator.ProbesIpv6(Failover.Groups[g].Targets[t].Probe) is { } field)
                    {
                        errors.Add($"failover.groups[{g}].targets[{t}].probe.{field}: an IPv6 address, which the health check cannot reach from {(Failover.Vpc is null ? "outside a VPC" : "a VPC without the dual-stack option")} (Lambda has no IPv6 egress there). Give failover.vpc with \"ipv6AllowedForDualStack\": true and dual-stack subnets, or probe an IPv4 address.");
                    }
                }
            }
        }

        ValidateReachable(errors);
        for (var g = 0; g < Failover.Groups.Count; g++)
        {
            if (Failover.Groups[g].ConfirmWith == "route53")
            {
                for (var t = 0; t < Failover.Groups[g].Targets.Count; t++)
                {
                    ValidateRoute53Probe(Failover.Groups[g].Targets[t].Probe, $"failover.groups[{g}].targets[{t}].probe", errors);
                }
            }
        }
    }

    /// <summary>
    /// Every probe must be able to reach its target from where the health check runs. Outside a VPC (Lambda's own network)
    /// private, shared, loopback and link-local addresses, and EC2's private DNS names (*.internal), cannot be reached;
    /// inside one, loopback and link-local still cannot. Such a target would sit "down" forever: never a place to fail
    /// over to, and a group none of whose targets can be probed is in a permanent all-down.
    /// </summary>
    private void ValidateReachable(List<string> errors)
    {
        var placement = Failover.Vpc is null ? "from outside a VPC (no failover.vpc)" : "from inside failover.vpc";
        for (var g = 0; g < Failover.Groups.Count; g++)
        {
            var group = Failover.Groups[g];
            var unreachable = 0;
            for (var t = 0; t < group.Targets.Count; t++)
            {
                if (Unreachable(group.Targets[t].Probe, Failover.Vpc is not null) is not { } why)
                {
                    continue;
                }

                unreachable++;
                errors.Add($"failover.groups[{g}].targets[{t}].probe.{why.Field}: {why.Host} is {why.Kind}, which the health check cannot reach {placement}; "
                    + (why.AVpcReaches
                        ? "give failover.vpc (subnets that reach it, with a NAT gateway for the AWS APIs), or probe an address the internet reaches."
                        : "probe the target's own address."));
            }

            if (group.Targets.Count > 0 && unreachable == group.Targets.Count)
            {
                errors.Add($"failover.groups[{g}]: no target of group '{group.Name}' can be probed {placement}: it would be all down from the first minute.");
            }
        }
    }

    /// <param name="AVpcReaches">Whether placing the check in a VPC would reach it (not for loopback or link-local).</param>
    private static (string Field, string Host, string Kind, bool AVpcReaches)? Unreachable(Lifeguard.Failover.Configuration.ProbeConfig probe, bool inVpc)
    {
        if (ProbeHost(probe) is not { } target)
        {
            return null;
        }

        var (field, host) = target;

        if (System.Net.IPAddress.TryParse(host, out var address))
        {
            return NonPublicKind(address) switch
            {
                null => null,
                ("loopback" or "link-local") and var kind => (field, host, $"a {kind} address", false),
                { } kind when !inVpc => (field, host, $"a {kind} address", true),
                _ => null,
            };
        }

        var name = host.TrimEnd('.').ToLowerInvariant();
        return name == "localhost" || name.EndsWith(".localhost", StringComparison.Ordinal) ? (field, host, "a loopback name", false)
            : !inVpc && (name.EndsWith(".internal", StringComparison.Ordinal) || name.EndsWith(".local", StringComparison.Ordinal)) ? (field, host, "a name only a VPC resolves", true)
            : null;
    }

    /// <summary>The probe's field ("url" or "tcp") and the host it reaches, or null when it names none.</summary>
    private static (string Field, string Host)? ProbeHost(Lifeguard.Failover.Configuration.ProbeConfig probe) => probe switch
    {
        { Url: { IsAbsoluteUri: true } url } => ("url", url.HostNameType is UriHostNameType.IPv6 ? url.Host.Trim('[', ']') : url.Host),
        { Tcp: { } tcp } when Lifeguard.Failover.Configuration.FailoverGroupValidator.TcpEndpoint(tcp) is { } endpoint => ("tcp", endpoint.Host),
        _ => null,
    };

    /// <summary>
    /// A target of a confirmWith "route53" group gets a Route 53 health check made from its probe, which must be able to
    /// check the same thing: from the internet, and with the same Host header.
    /// </summary>
    private static void ValidateRoute53Probe(Lifeguard.Failover.Configuration.ProbeConfig probe, string path, List<string> errors)
    {
        if (ProbeHost(probe) is not { } target)
        {
            return;
        }

        var (field, host) = target;

        if (System.Net.IPAddress.TryParse(host, out var address) && NonPublicKind(address) is { } kind)
        {
            errors.Add($"{path}.{field}: {host} is a {kind} address, which Route 53's health checkers cannot reach (they check from the internet, and Route 53 refuses a health check of such an address). Drop confirmWith for this group, or probe a public address.");
        }

        if (probe.Url is { IsAbsoluteUri: true } httpUrl)
        {
            if (probe.HostHeader is not null && address is null)
            {
                errors.Add($"{path}.hostHeader: Route 53 sends a Host header other than the URL's host only to an address; with confirmWith \"route53\", give the URL by IP address (its health check then sends '{probe.HostHeader}'), or drop hostHeader.");
            }

            if (httpUrl.PathAndQuery.Length > 255)
            {
                errors.Add($"{path}.url: the path and query are {httpUrl.PathAndQuery.Length} characters; a Route 53 health check takes at most 255.");
            }
        }

        if (probe.Body is { Length: > 255 } body)
        {
            errors.Add($"{path}.body: {body.Length} characters; a Route 53 health check searches for at most 255.");
        }
    }

    /// <summary>What kind of address Route 53's health checkers cannot reach, or null for one they can try.</summary>
    private static string? NonPublicKind(System.Net.IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b switch
            {
                [10, ..] or [172, >= 16 and <= 31, ..] or [192, 168, ..] => "private",
                [127, ..] => "loopback",
                [169, 254, ..] => "link-local",
                [100, >= 64 and <= 127, ..] => "shared (carrier-grade NAT)",
                _ => null,
            };
        }

        return System.Net.IPAddress.IsLoopback(address) ? "loopback"
            : address.IsIPv6UniqueLocal ? "private (unique local)"
            : address.IsIPv6LinkLocal ? "link-local"
            : null;
    }

    private void ValidatePromotion(List<string> errors)
    {
        if (!Promotion.Enabled)
        {
            return;
        }

        if (Promotion.Clusters.Count == 0)
        {
            errors.Add("promotion.clusters: promotion is enabled but has no clusters.");
        }

        errors.AddRange(Lifeguard.Promotion.Configuration.ClusterValidator.Validate(Promotion.Clusters, "promotion.clusters"));
        if (Promotion.Vpc is { } vpc)
        {
            ValidateVpc(vpc, "promotion.vpc", errors);
        }
        else
        {
            errors.Add("promotion.vpc: required; the function connects to the databases, so it runs in their VPC (subnetIds and securityGroupIds).");
        }

        foreach (var name in Promotion.MasterAlarms.Keys.Where(k => Promotion.Clusters.All(c => c.Name != k)))
        {
            errors.Add($"promotion.masterAlarms.{name}: no cluster is named '{name}'.");
        }

        for (var i = 0; i < Promotion.Clusters.Count; i++)
        {
            var worst = Lifeguard.Promotion.PromotionHandler.WorstCase(Promotion.Clusters[i].Policy);
            if (worst > TimeSpan.FromMinutes(15))
            {
                errors.Add($"promotion.clusters[{i}].policy: a minute of watching plus a promotion with these timeouts (detectionTimeoutSeconds, relayApplyTimeoutSeconds, connectTimeoutSeconds) takes up to {worst.TotalSeconds:0} s, over Lambda's 900 s; lower them.");
            }
        }

        if (Promotion.CheckMinutes is < 0 or > 1440)
        {
            errors.Add($"promotion.checkMinutes: {Promotion.CheckMinutes} must be from 0 (no scheduled check) to 1440.");
        }

        for (var i = 0; i < Promotion.Clusters.Count; i++)
        {
            var cluster = Promotion.Clusters[i];
            var alarm = Promotion.MasterAlarms.GetValueOrDefault(cluster.Name);
            if (alarm is not null && (alarm.ProbeGroup is null) != (alarm.ProbeTarget is null))
            {
                errors.Add($"promotion.masterAlarms.{cluster.Name}: give both probeGroup and probeTarget (the health check's group and target that probe the master's port).");
            }

            if (alarm?.ProbeGroup is null && cluster.Master.InstanceId is null)
            {
                errors.Add($"promotion.clusters[{i}].master.instanceId: needed for the master's status-check alarm (or give promotion.masterAlarms.{cluster.Name} with probeGroup and probeTarget).");
            }

            if (alarm is { Minutes: < 1 or > 60 })
            {
                errors.Add($"promotion.masterAlarms.{cluster.Name}.minutes: {alarm.Minutes} must be from 1 to 60.");
            }
        }
    }

    /// <summary>The same check as a tier's schedule: EventBridge's own rules, so a deploy never fails on a schedule.</summary>
    private static void ValidateSchedule(string expression, string field, List<string> errors)
    {
        try
        {
            ScheduleInterval.Validate(expression);
        }
        catch (FormatException ex)
        {
            errors.Add($"{field}: '{expression}' is not a valid EventBridge cron(...) or rate(...) expression: {ex.Message}.");
        }
    }

    private static void ValidateVpc(VpcPlacementConfig vpc, string path, List<string> errors)
    {
        if (vpc.SubnetIds.Count == 0 || vpc.SubnetIds.Any(s => !SubnetPattern().IsMatch(s)))
        {
            errors.Add($"{path}.subnetIds: give one or more subnet ids such as subnet-0123456789abcdef0 (got {string.Join(", ", vpc.SubnetIds)}).");
        }

        if (vpc.SecurityGroupIds.Count == 0 || vpc.SecurityGroupIds.Any(s => !SecurityGroupPattern().IsMatch(s)))
        {
            errors.Add($"{path}.securityGroupIds: give one or more security group ids such as sg-0123456789abcdef0 (got {string.Join(", ", vpc.SecurityGroupIds)}).");
        }
    }

    private void ValidateJobs(List<string> errors)
    {
        if (Jobs.BucketName is { } bucket && !BucketPattern().IsMatch(bucket))
        {
            errors.Add($"jobs.bucketName: '{bucket}' is not an S3 bucket name.");
        }

        foreach (var (prefix, field) in new[] { (Jobs.InputPrefix, "inputPrefix"), (Jobs.OutputPrefix, "outputPrefix") })
        {
            if (!PrefixPattern().IsMatch(prefix))
            {
                errors.Add($"jobs.{field}: '{prefix}' must be a key prefix ending in '/', such as \"uploads/\".");
            }
        }

        if (Jobs.InputPrefix.StartsWith(Jobs.OutputPrefix, StringComparison.Ordinal) || Jobs.OutputPrefix.StartsWith(Jobs.InputPrefix, StringComparison.Ordinal))
        {
            errors.Add("jobs.outputPrefix: must not overlap jobs.inputPrefix (results must not be readable as sources, or writable over them).");
        }

        Between(Jobs.MemorySizeMb, 128, 10_240, "jobs.memorySizeMb", errors);
        Between(Jobs.TimeoutSeconds, 10, 900, "jobs.timeoutSeconds", errors);
        Between(Jobs.BatchSize, 1, 10, "jobs.batchSize", errors);
        Between(Jobs.HighMaxConcurrency, 2, 1000, "jobs.highMaxConcurrency", errors);
        Between(Jobs.LowMaxConcurrency, 2, 1000, "jobs.lowMaxConcurrency", errors);
        Between(Jobs.MaxAttempts, 1, 999, "jobs.maxAttempts", errors);
        Between(Jobs.JobTimeoutSeconds, 1, 900, "jobs.jobTimeoutSeconds", errors);
        if (Jobs.JobTimeoutSeconds + 10 > Jobs.TimeoutSeconds)
        {
            errors.Add($"jobs.jobTimeoutSeconds: {Jobs.JobTimeoutSeconds} must be at least 10 below jobs.timeoutSeconds ({Jobs.TimeoutSeconds}): a job starts only while its limit and 10 s for putting things in order fit before the deadline, so that it is stopped and reported, never cut off with its invocation.");
        }
        Between(Jobs.OldestMessageAlarmSeconds, 60, 1_209_600, "jobs.oldestMessageAlarmSeconds", errors);
        if (Jobs.HighMaxConcurrency < Jobs.LowMaxConcurrency)
        {
            errors.Add($"jobs.highMaxConcurrency: {Jobs.HighMaxConcurrency} is below jobs.lowMaxConcurrency ({Jobs.LowMaxConcurrency}); high priority should get more workers.");
        }
    }

    private static void Between(int value, int low, int high, string field, List<string> errors)
    {
        if (value < low || value > high)
        {
            errors.Add($"{field}: {value} must be from {low} to {high}.");
        }
    }

    [GeneratedRegex(@"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")]
    private static partial Regex BucketPattern();

    [GeneratedRegex(@"^[A-Za-z0-9!_.*'()/-]{1,200}/$")]
    private static partial Regex PrefixPattern();

    [GeneratedRegex("^subnet-[0-9a-f]{8,17}$")]
    private static partial Regex SubnetPattern();

    [GeneratedRegex("^sg-[0-9a-f]{8,17}$")]
    private static partial Regex SecurityGroupPattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,31}$")]
    private static partial Regex TierName();

    [GeneratedRegex("^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]$")]
    private static partial Regex RegionName();

    [GeneratedRegex("^(arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:(key|alias)/[A-Za-z0-9/_-]+|alias/[A-Za-z0-9/_-]+|[0-9a-f-]{36}|mrk-[0-9a-f]{32})$")]
    private static partial Regex KmsKey();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9-]{0,127}$")]
    private static partial Regex StackNamePattern();

    [GeneratedRegex(@"^\d{12}$")]
    private static partial Regex AccountPattern();

    [GeneratedRegex("^[a-z]{2}(-[a-z]+)+-[0-9]+$")]
    private static partial Regex RegionPattern();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"^\+[1-9][0-9]{6,14}$")]
    private static partial Regex E164Pattern();
}
