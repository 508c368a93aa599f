using Lifeguard.Aws.Sns;

namespace Lifeguard.Promotion;

/// <summary>One SNS message per run that did something or refused to: a short SMS, and the step log for email.</summary>
internal static class PromotionNotification
{
    public static Aws.Sns.Notification For(PromotionRun run)
    {
        var cluster = run.Cluster.Name;
        var (subject, sms, runbook) = run.Outcome switch
        {
            "promoted" => ($"Lifeguard: {cluster} promoted {run.NewMaster?.Name} to master",
                $"Lifeguard: {cluster} master {run.OldMaster?.Name} down; promoted {run.NewMaster?.Name}, {run.Cluster.Record.Name} moved ({run.Elapsed.TotalSeconds:0.0} s).", Runbook.PromotionPromoted),
            "false-alarm" => ($"Lifeguard: {cluster} false alarm, master answers",
                $"Lifeguard: {cluster} alarm, but master {run.OldMaster?.Name} answers. Nothing changed.", Runbook.PromotionFalseAlarm),
            "unreachable-master" => ($"Lifeguard: {cluster} master UNREACHABLE from Lifeguard, not promoted",
                $"Lifeguard: {cluster} cannot reach master {run.OldMaster?.Name} but its replicas can. Not promoted. Check the network path.", Runbook.PromotionUnreachableMaster),
            "master-read-only" => ($"Lifeguard: {cluster} master {run.OldMaster?.Name} is READ ONLY",
                $"Lifeguard: {cluster} master {run.OldMaster?.Name} answers but is read only: no writes anywhere. Nothing changed.", Runbook.PromotionMasterReadOnly),
            "released" => ($"Lifeguard: {cluster} {run.OldMaster?.Name} released from quarantine",
                $"Lifeguard: {cluster} {run.OldMaster?.Name} released from quarantine by hand.", Runbook.PromotionFencing),
            "not-ready" => ($"Lifeguard: {cluster} promotion NOT READY",
                $"Lifeguard: {cluster} a promotion would not go well now: {run.Reason}", Runbook.PromotionNotReady),
            "ready" => ($"Lifeguard: {cluster} promotion ready again",
                $"Lifeguard: {cluster} readiness problems cleared; a promotion would succeed.", Runbook.PromotionNotReady),
            "switched-over" => ($"Lifeguard: {cluster} switched over to {run.NewMaster?.Name}",
                $"Lifeguard: {cluster} switchover {run.OldMaster?.Name} -> {run.NewMaster?.Name} done, {run.Cluster.Record.Name} moved ({run.Elapsed.TotalSeconds:0.0} s).", Runbook.PromotionSwitchedOver),
            "interrupted" => ($"Lifeguard: {cluster} promotion INTERRUPTED, finish it",
                $"Lifeguard: {cluster} a promotion was interrupted after naming a candidate. Do not unfence the old master; finish it by hand.", Runbook.PromotionInterrupted),
            "old-master-fenced" => ($"Lifeguard: {cluster} old master came back WRITABLE, fenced",
                $"Lifeguard: {cluster} a quarantined old master answered writable and was made read only: {run.Reason}", Runbook.PromotionFencing),
            "recovered" => ($"Lifeguard: {cluster} master {run.OldMaster?.Name} healthy again",
                $"Lifeguard: {cluster} master {run.OldMaster?.Name} answers and takes writes again.", Runbook.PromotionRecovered),
            "refused" => ($"Lifeguard: {cluster} promotion REFUSED",
                $"Lifeguard: {cluster} promotion refused: {run.Reason}", Runbook.PromotionRefused),
            "already-promoted" => ($"Lifeguard: {cluster} already promoted",
                $"Lifeguard: {cluster} alarm again; {run.OldMaster?.Name} is already the promoted master.", Runbook.PromotionPromoted),
            "fenced" => ($"Lifeguard: {cluster} old master {run.OldMaster?.Name} fenced",
                $"Lifeguard: {cluster} old master {run.OldMaster?.Name} is back and read only.", Runbook.PromotionFencing),
            "not-fenced" => ($"Lifeguard: {cluster} old master {run.OldMaster?.Name} NOT fenced",
                $"Lifeguard: {cluster} old master {run.OldMaster?.Name} not fenced: {run.Reason}", Runbook.PromotionNotFenced),
            _ => ($"Lifeguard: {cluster} promotion FAILED",
                $"Lifeguard: {cluster} promotion FAILED: {run.Reason}", Runbook.PromotionFailed),
        };
        var lines = new List<string>
        {
            subject,
            "",
            $"Cluster: {cluster} (record {run.Cluster.Record.Name})",
            $"Trigger: {run.Trigger}",
            $"Outcome: {run.Outcome}",
            $"Reason: {run.Reason}",
            $"Old master: {run.OldMaster}",
            $"New master: {run.NewMaster?.ToString() ?? "none"}",
            $"Total: {run.Elapsed.TotalMilliseconds:0} ms",
            "",
            "Steps:",
        };
        lines.AddRange(run.Steps.Select(s => $"  {s.Number}. {s.Name}: {s.Outcome} in {s.Ms:0} ms. {s.Detail}"));
        if (run.Verdicts is { Count: > 0 } verdicts)
        {
            lines.Add("");
            lines.Add("Replicas:");
            lines.AddRange(verdicts.Select(v => $"  {v.Replica}: {(v.Eligible ? "eligible" : "not eligible")}: {v.Reason}"));
        }

        return new Aws.Sns.Notification(subject, sms.Length > 160 ? sms[..159] + "…" : sms, string.Join("\n", lines), runbook);
    }
}
