using System.Text.Json.Serialization;

namespace Lifeguard.Cdk.Configuration;

/// <summary>Scheduled EBS snapshots and their expiry. The defaults are the classic cron recipe.</summary>
public sealed record SnapshotsConfig
{
    public static readonly IReadOnlyList<SnapshotTierConfig> DefaultTiers =
    [
        new("3-hourly", "cron(0 */3 * * ? *)", "24 hours"),
        new("daily", "cron(15 3 * * ? *)", "7 days"),
        new("weekly", "cron(30 3 ? * SUN *)", "1 month"),
        new("monthly", "cron(45 3 1 * ? *)", "1 year"),
    ];

    [JsonPropertyName("enabled")] public bool Enabled { get; set; } = true;

    [JsonPropertyName("tiers")] public IReadOnlyList<SnapshotTierConfig> Tiers { get; init => field = value ?? DefaultTiers; } = DefaultTiers;

    [JsonPropertyName("expireSchedule")] public string ExpireSchedule { get; init => field = value ?? "cron(0 5 * * ? *)"; } = "cron(0 5 * * ? *)";

    /// <summary>When the coverage check runs (EventBridge rate or cron): it alerts volumes whose newest snapshot is older
    /// than twice their shortest tier's interval.</summary>
    [JsonPropertyName("coverageSchedule")] public string CoverageSchedule { get; init => field = value ?? "rate(1 hour)"; } = "rate(1 hour)";

    /// <summary>`tags` (default: the snapshot's tags are the catalog) or `simpledb` (the classic design).</summary>
    [JsonPropertyName("catalog")] public string Catalog { get; init => field = value ?? "tags"; } = "tags";

    /// <summary>How long past its expiry the last snapshot of a volume that no longer exists is kept (a terminated
    /// instance's final backups).</summary>
    [JsonPropertyName("orphanRetentionDays")] public int OrphanRetentionDays { get; set; } = 30;

    /// <summary>Whether expiry may delete a snapshot shared with other accounts; by default it keeps and reports it.</summary>
    [JsonPropertyName("deleteShared")] public bool DeleteShared { get; set; }

    /// <summary>Days a deleted managed snapshot stays in the Recycle Bin (1-365); 0 creates no rule.</summary>
    [JsonPropertyName("recycleBinDays")] public int RecycleBinDays { get; set; } = 7;

    /// <summary>Alarm when no snapshot run succeeded for this long (default twice the 3-hourly interval).</summary>
    [JsonPropertyName("missedRunAlarmHours")] public int MissedRunAlarmHours { get; set; } = 6;
}
