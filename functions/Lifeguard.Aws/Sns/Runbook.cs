namespace Lifeguard.Aws.Sns;

/// <summary>
/// The entries of the README's Runbook section: every notification and every alarm names one, and each entry says what
/// happened, what Lifeguard already did, what to check, what to do, and how to undo it. An entry's name is its heading
/// there (so also its link anchor). Tests fail on a notification or alarm without an entry, and on an entry no code names.
/// </summary>
public static class Runbook
{
    // Snapshots and expiry
    public const string SnapshotRunProblems = "snapshot-run-problems";
    public const string SnapshotNoTargets = "snapshot-no-targets";
    public const string ExpiryNeedsAttention = "expiry-needs-attention";
    public const string BackupCoverage = "backup-coverage";
    public const string RestoreDrills = "restore-drills";
    public const string SnapshotCopies = "snapshot-copies";
    public const string NotRunning = "not-running";

    // Health check and DNS switch
    public const string FailoverSwitched = "failover-switched";
    public const string FailoverAllDown = "failover-all-down";
    public const string FailoverStandby = "failover-standby";
    public const string FailoverUnconfirmed = "failover-unconfirmed";
    public const string FailoverCorrected = "failover-corrected";
    public const string FailoverGroupErrors = "failover-group-errors";
    public const string FailoverHookFailed = "failover-hook-failed";

    // Image and PDF jobs
    public const string JobsWaiting = "jobs-waiting";
    public const string JobsDeadLetters = "jobs-dead-letters";
    public const string JobsWorkerErrors = "jobs-worker-errors";

    // Replica promotion
    public const string PromotionMasterDown = "promotion-master-down";
    public const string PromotionPromoted = "promotion-promoted";
    public const string PromotionSwitchedOver = "promotion-switched-over";
    public const string PromotionFalseAlarm = "promotion-false-alarm";
    public const string PromotionUnreachableMaster = "promotion-unreachable-master";
    public const string PromotionMasterReadOnly = "promotion-master-read-only";
    public const string PromotionRefused = "promotion-refused";
    public const string PromotionFailed = "promotion-failed";
    public const string PromotionInterrupted = "promotion-interrupted";
    public const string PromotionNotReady = "promotion-not-ready";
    public const string PromotionFencing = "promotion-fencing";
    public const string PromotionNotFenced = "promotion-not-fenced";
    public const string PromotionRecovered = "promotion-recovered";

    /// <summary>Where the README is served (notifications.runbookUrl), so that a reference is a link; unset: README.md.</summary>
    public const string UrlVariable = "LIFEGUARD_RUNBOOK_URL";

    /// <summary>The line that ends every email and every alarm description: the entry's name and where it is.</summary>
    public static string Reference(string entry, string? readmeUrl = null) => $"Runbook: {entry} ({readmeUrl ?? "README.md"}#{entry})";
}
