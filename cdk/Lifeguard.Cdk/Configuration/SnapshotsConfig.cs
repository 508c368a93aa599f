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

    /// <summary>Restore drills: each protected volume's newest snapshot restored, validated and deleted on a schedule.</summary>
    [JsonPropertyName("drillEnabled")] public bool DrillEnabled { get; set; } = true;

    /// <summary>When drills run (default weekly, Saturday 04:00 UTC, after the night's snapshots).</summary>
    [JsonPropertyName("drillSchedule")] public string DrillSchedule { get; init => field = value ?? DefaultDrillSchedule; } = DefaultDrillSchedule;

    /// <summary>A protected volume with no successful drill for this many days is overdue: alerted once, and alarmed.</summary>
    [JsonPropertyName("drillMaxAgeDays")] public int DrillMaxAgeDays { get; set; } = 14;

    /// <summary>At most this many volumes per run, the longest undrilled first; absent: every protected volume.</summary>
    [JsonPropertyName("drillSample")] public int? DrillSample { get; init; }

    /// <summary>An instance to attach restored volumes to and validate them on through SSM; absent: restore only.</summary>
    [JsonPropertyName("drillInstanceId")] public string? DrillInstanceId { get; init; }

    /// <summary>The validation to run there instead of a read-only fsck and mount; LIFEGUARD_DRILL_DEVICE names the device.</summary>
    [JsonPropertyName("drillCommand")] public string? DrillCommand { get; init; }

    /// <summary>Alarm when no drill run succeeded for this many days (1-7; CloudWatch looks back at most 7 days).</summary>
    [JsonPropertyName("drillMissedRunAlarmDays")] public int DrillMissedRunAlarmDays { get; set; } = 7;

    private const string DefaultDrillSchedule = "cron(0 4 ? * SAT *)";
}
