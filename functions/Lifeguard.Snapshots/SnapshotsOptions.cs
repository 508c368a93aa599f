using Lifeguard.Runtime.Hosting;

namespace Lifeguard.Snapshots;

/// <summary>The functions' settings, from the environment the CDK construct sets; each error names its variable.</summary>
public sealed record SnapshotsOptions
{
    public string Catalog { get; init; } = "tags";

    public string SimpleDbDomain { get; init; } = "snapshot";

    /// <summary>The SNS topic for failures and leftovers; none means report in the logs only.</summary>
    public string? TopicArn { get; init; }

    public TimeSpan StuckPendingAfter { get; init; } = TimeSpan.FromHours(6);

    /// <summary>How long past its expiry the last snapshot of a volume that no longer exists is kept.</summary>
    public TimeSpan OrphanRetention { get; init; } = TimeSpan.FromDays(30);

    /// <summary>Each scheduled tier's retention (LIFEGUARD_RETENTION, e.g. `daily=7 days;weekly=1 month`).</summary>
    public IReadOnlyDictionary<string, Domain.Retention> RetentionPerTier { get; init; } = new Dictionary<string, Domain.Retention>();

    /// <summary>
    /// Each scheduled tier's interval between firings (LIFEGUARD_TIER_INTERVALS, e.g. `3-hourly=PT3H;daily=P1D`), computed
    /// by the CDK from the tier's schedule: the coverage check's yardstick. The configured tiers are its keys.
    /// </summary>
    public IReadOnlyDictionary<string, TimeSpan> TierIntervals { get; init; } = new Dictionary<string, TimeSpan>();

    /// <summary>Count-based retention per tier (LIFEGUARD_KEEP, e.g. `daily=7,weekly=4`).</summary>
    public IReadOnlyDictionary<string, int> KeepPerTier { get; init; } = new Dictionary<string, int>();

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
            KeepPerTier = ParseKeep(environment.GetVariable("LIFEGUARD_KEEP")),
            RetentionPerTier = ParseRetention(environment.GetVariable("LIFEGUARD_RETENTION")),
            TierIntervals = ParseIntervals(environment.GetVariable("LIFEGUARD_TIER_INTERVALS")),
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

    private static Dictionary<string, Domain.Retention> ParseRetention(string? value)
    {
        var retention = new Dictionary<string, Domain.Retention>(StringComparer.Ordinal);
        foreach (var entry in (value ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = entry.Split('=', 2);
            try
            {
                if (parts.Length != 2 || parts[0].Length == 0 || !retention.TryAdd(parts[0], Domain.Retention.Parse(parts[1], "LIFEGUARD_RETENTION")))
                {
                    throw new FormatException("each tier once");
                }
            }
            catch (FormatException ex)
            {
                throw new InvalidOperationException($"LIFEGUARD_RETENTION='{value}': each entry must be tier=retention, each tier once, such as 'daily=7 days;weekly=1 month' ({ex.Message}).", ex);
            }
        }

        return retention;
    }

    private static Dictionary<string, TimeSpan> ParseIntervals(string? value)
    {
        var intervals = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        foreach (var entry in (value ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = entry.Split('=', 2);
            try
            {
                if (parts.Length != 2 || parts[0].Length == 0 || !intervals.TryAdd(parts[0], Domain.TierInterval.Parse(parts[1], "LIFEGUARD_TIER_INTERVALS")))
                {
                    throw new FormatException("each tier once");
                }
            }
            catch (FormatException ex)
            {
                throw new InvalidOperationException($"LIFEGUARD_TIER_INTERVALS='{value}': each entry must be tier=interval, each tier once, such as '3-hourly=PT3H;daily=P1D' ({ex.Message}).", ex);
            }
        }

        return intervals;
    }

    private static Dictionary<string, int> ParseKeep(string? value)
    {
        var keep = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in (value ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = entry.Split('=');
            if (parts.Length != 2 || parts[0].Length == 0 || !int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count) || count < 1
                || !keep.TryAdd(parts[0], count))
            {
                throw new InvalidOperationException($"LIFEGUARD_KEEP='{value}': each entry must be tier=count with a count of at least 1, each tier once, such as 'daily=7,weekly=4'.");
            }
        }

        return keep;
    }
}
