using System.Collections.Immutable;
using System.Diagnostics;
using Lifeguard.Promotion.Configuration;
using Lifeguard.Promotion.Domain;
using Microsoft.Extensions.Logging;

namespace Lifeguard.Promotion;

/// <summary>One invocation's promotion: the numbered steps as they happen (each logged and timed), and how it ended.</summary>
public sealed class PromotionRun(ClusterConfig cluster, string trigger, bool dryRun, TimeProvider time, ILogger logger)
{
    public static readonly ImmutableArray<string> StepNames = ["lock", "confirm-master-down", "choose-replica", "fence-old-master", "apply-relay-log", "promote", "repoint-replicas", "move-record", "notify"];

    private readonly long _started = time.GetTimestamp();
    private readonly List<StepReport> _steps = [];
    private readonly Lock _gate = new();

    public ClusterConfig Cluster => cluster;

    public string Trigger => trigger;

    public bool DryRun => dryRun;

    public string Outcome { get; private set; } = "failed";

    public string? Reason { get; private set; }

    public NodeConfig? OldMaster { get; set; }

    public NodeConfig? NewMaster { get; set; }

    public IReadOnlyList<ReplicaVerdict>? Verdicts { get; set; }

    /// <summary>False when the run found nothing new to tell (a readiness check or watcher round that saw what it already reported).</summary>
    public bool Notify { get; set; } = true;

    public IReadOnlyList<StepReport> Steps
    {
        get
        {
            lock (_gate)
            {
                return [.. _steps.OrderBy(s => s.Number)];
            }
        }
    }

    public TimeSpan Elapsed => time.GetElapsedTime(_started);

    /// <summary>Runs step <paramref name="name"/>: its work returns the detail to report; an exception is the step's (and the run's) failure.</summary>
    public async Task<T> StepAsync<T>(string name, Func<Task<(T Result, string Detail)>> work)
    {
        var started = time.GetTimestamp();
        try
        {
            var (result, detail) = await work().ConfigureAwait(false);
            Record(name, "ok", time.GetElapsedTime(started), detail);
            return result;
        }
        catch (Exception ex)
        {
            Record(name, "failed", time.GetElapsedTime(started), ex.Message);
            throw;
        }
    }

    public void Record(string name, string outcome, TimeSpan took, string detail)
    {
        var number = StepNames.IndexOf(name) + 1;
        var step = new StepReport(number, name, outcome, Math.Round(took.TotalMilliseconds, 1), detail);
        lock (_gate)
        {
            _steps.Add(step);
        }

        logger.Step(cluster.Name, number, name, outcome, step.Ms, detail);
    }

    /// <summary>Ends the run with <paramref name="outcome"/>; the first ending counts.</summary>
    public void End(string outcome, string? reason)
    {
        if (Ended)
        {
            return;
        }

        (Ended, Outcome, Reason) = (true, outcome, reason);
        if (reason is not null)
        {
            logger.Ended(cluster.Name, outcome, reason);
        }
    }

    public bool Ended { get; private set; }

    public PromotionReport Report() => new(cluster.Name, trigger, Outcome, dryRun, Reason, OldMaster?.Name, NewMaster?.Name,
        Math.Round(Elapsed.TotalMilliseconds, 1), Steps, Verdicts);
}
