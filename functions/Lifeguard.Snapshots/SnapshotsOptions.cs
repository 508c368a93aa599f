using System.Text.Json;
using Lifeguard.Runtime.Hosting;
using Lifeguard.Snapshots.Domain;

namespace Lifeguard.Snapshots;

/// <summary>The functions' settings, from the environment the CDK construct sets; each error names its variable.</summary>
public sealed record SnapshotsOptions
{
    public string Catalog { get; init; } = "tags";

    /// <summary>The region the functions run in (and the snapshots are made in): the source of copies. Set from the AWS configuration.</summary>
    public string Region { get; init; } = "us-east-1";

    public string SimpleDbDomain { get; init; } = "snapshot";

    /// <summary>The SNS topic for failures and leftovers; none means report in the logs only.</summary>
    public string? TopicArn { get; init; }

    public TimeSpan StuckPendingAfter { get; init; } = TimeSpan.FromHours(6);

    /// <summary>How long past its expiry the last snapshot of a volume that no longer exists is kept.</summary>
    public TimeSpan OrphanRetention { get; init; } = TimeSpan.FromDays(30);

    /// <summary>The scheduled tiers (LIFEGUARD_TIERS, a JSON array of <see cref="TierSettings"/>), by name.</summary>
    public IReadOnlyDictionary<string, TierSettings> Tiers { get; init; } = new Dictionary<string, TierSettings>();

    /// <summary>Each scheduled tier's retention.</summary>
    public IReadOnlyDictionary<string, Retention> RetentionPerTier => Tiers.Values.ToDictionary(t => t.Name, t => Retention.Parse(t.Retention), StringComparer.Ordinal);

    /// <summary>Count-based retention of the tiers that have one.</summary>
    public IReadOnlyDictionary<string, int> KeepPerTier => Tiers.Values.Where(t => t.Keep is not null).ToDictionary(t => t.Name, t => t.Keep!.Value, StringComparer.Ordinal);

    /// <summary>
    /// Each scheduled tier's interval between firings, computed by the CDK from the tier's schedule (or its `interval`):
    /// the coverage check's yardstick. The tiers that have one are its keys, in configuration order.
    /// </summary>
    public IReadOnlyDictionary<string, TimeSpan> TierIntervals =>
        Tiers.Values.Where(t => t.Interval is not null).ToDictionary(t => t.Name, t => TierInterval.Parse(t.Interval), StringComparer.Ordinal);

    /// <summary>Whether expiry may delete a snapshot shared with other accounts (it reports them either way).</summary>
    public bool DeleteShared { get; init; }

    /// <summary>EC2's CreateSnapshot/DeleteSnapshot buckets: 100 calls of burst, refilled at 5 per second.</summary>
    public int BucketBurst { get; init; } = 100;

    public double BucketRefillPerSecond { get; init; } = 5;

    /// <summary>How long a frozen filesystem stays frozen at most, enforced on the instance itself.</summary>
    public TimeSpan FreezeTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public static SnapshotsOptions FromEnvironment(IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var catalog = environment.GetVariable("LIFEGUARD_CATALOG") ?? "tags";
        if (catalog is not ("tags" or "simpledb"))
        {
            throw new InvalidOperationException($"LIFEGUARD_CATALOG='{catalog}' must be 'tags' or 'simpledb'.");
        }

        return new SnapshotsOptions
        {
            Catalog = catalog,
            SimpleDbDomain = environment.GetVariable("LIFEGUARD_SIMPLEDB_DOMAIN") ?? "snapshot",
            TopicArn = environment.GetVariable("LIFEGUARD_TOPIC_ARN"),
            StuckPendingAfter = TimeSpan.FromHours(environment.GetNumber("LIFEGUARD_STUCK_PENDING_HOURS", 6, 0.1, 24 * 30)),
            Tiers = ParseTiers(environment.GetVariable("LIFEGUARD_TIERS")),
            OrphanRetention = TimeSpan.FromDays(environment.GetNumber("LIFEGUARD_ORPHAN_RETENTION_DAYS", 30, 0, 3650)),
            DeleteShared = environment.GetVariable("LIFEGUARD_DELETE_SHARED") switch
            {
                null or "false" => false,
                "true" => true,
                var other => throw new InvalidOperationException($"LIFEGUARD_DELETE_SHARED='{other}' must be 'true' or 'false'."),
            },
            BucketBurst = (int)environment.GetNumber("LIFEGUARD_EC2_BUCKET_BURST", 100, 1, 100_000),
            BucketRefillPerSecond = environment.GetNumber("LIFEGUARD_EC2_BUCKET_REFILL_PER_SECOND", 5, 0.01, 100_000),
            FreezeTimeout = TimeSpan.FromSeconds(environment.GetNumber("LIFEGUARD_FREEZE_TIMEOUT_SECONDS", 30, 1, 600)),
        };
    }

    private static Dictionary<string, TierSettings> ParseTiers(string? value)
    {
        const string Variable = "LIFEGUARD_TIERS";
        List<TierSettings>? tiers;
        try
        {
            tiers = value is null ? [] : JsonSerializer.Deserialize(value, SnapshotsJsonContext.Default.ListTierSettings);
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"{Variable} is not a JSON array of tiers ({ex.Message}).", ex);
        }

        var byName = new Dictionary<string, TierSettings>(StringComparer.Ordinal);
        foreach (var (tier, i) in (tiers ?? []).Select((t, i) => (t, i)))
        {
            var field = $"{Variable}[{i}]";
            try
            {
                Retention.Parse(tier.Retention, $"{field}.retention");
                if (tier.Interval is not null)
                {
                    TierInterval.Parse(tier.Interval, $"{field}.interval");
                }

                if (tier.CopyTo is { } copy)
                {
                    Retention.Parse(copy.Retention, $"{field}.copyTo.retention");
                }
            }
            catch (FormatException ex)
            {
                throw new InvalidOperationException(ex.Message, ex);
            }

            if (tier.Keep is < 1)
            {
                throw new InvalidOperationException($"{field}.keep: {tier.Keep} must be at least 1.");
            }

            if (tier.Lock is not (null or "compliance" or "governance"))
            {
                throw new InvalidOperationException($"{field}.lock: '{tier.Lock}' must be 'compliance' or 'governance'.");
            }

            if (!byName.TryAdd(tier.Name, tier))
            {
                throw new InvalidOperationException($"{field}.name: the tier '{tier.Name}' is listed twice.");
            }
        }

        return byName;
    }
}
