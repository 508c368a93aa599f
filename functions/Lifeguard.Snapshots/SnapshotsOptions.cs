using System.Globalization;
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
            StuckPendingAfter = TimeSpan.FromHours(Positive(environment, "LIFEGUARD_STUCK_PENDING_HOURS", 6)),
            BucketBurst = (int)Positive(environment, "LIFEGUARD_EC2_BUCKET_BURST", 100),
            BucketRefillPerSecond = Positive(environment, "LIFEGUARD_EC2_BUCKET_REFILL_PER_SECOND", 5),
            FreezeTimeout = TimeSpan.FromSeconds(Positive(environment, "LIFEGUARD_FREEZE_TIMEOUT_SECONDS", 30)),
        };
    }

    private static double Positive(IHostEnvironment environment, string name, double fallback)
    {
        var text = environment.GetVariable(name);
        if (text is null)
        {
            return fallback;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 && double.IsFinite(value)
            ? value
            : throw new InvalidOperationException($"{name}='{text}' must be a positive number.");
    }
}
