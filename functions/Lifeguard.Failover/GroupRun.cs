using Lifeguard.Failover.Adapters;
using Lifeguard.Failover.Configuration;
using Lifeguard.Failover.Domain;
using Lifeguard.Runtime.Metrics;
using Microsoft.Extensions.Logging;

namespace Lifeguard.Failover;

/// <summary>One group's run within an invocation: its state as it evolves, the probe evidence, and what happened.</summary>
internal sealed class GroupRun(FailoverGroup group, GroupState state, ILogger logger)
{
    private const int EvidencePerTarget = 6;
    private readonly Dictionary<string, List<ProbeResult>> _probes = group.Targets.ToDictionary(t => t.Name, _ => new List<ProbeResult>(), StringComparer.Ordinal);
    private readonly List<string> _events = [];
    private readonly Dictionary<string, MetricsWriter> _metrics = new(StringComparer.Ordinal);

    public FailoverGroup Group => group;

    public GroupState State { get; set; } = state;

    /// <summary>The state's encoding as last loaded or written, so an unchanged state is not written back.</summary>
    public IReadOnlyDictionary<string, string> Saved { get; set; } = new Dictionary<string, string>();

    /// <summary>What the record or address holds now.</summary>
    public string? Current { get; set; }

    /// <summary>The target <see cref="Current"/> belongs to, or null.</summary>
    public TargetConfig? Active { get; set; }

    public string Outcome { get; set; } = "healthy";

    /// <summary>Alerts sent for the group in this run (a field, counted with Interlocked).</summary>
    public int Alerts;

    public int Switches { get; set; }

    /// <summary>The switch hooks under way, awaited before the run ends.</summary>
    public List<Task> Hooks { get; } = [];

    public string? Error { get; set; }

    /// <summary>Route 53's view as last read in this run, and when.</summary>
    public (DateTimeOffset At, IReadOnlyDictionary<string, SecondOpinion> Views)? Opinions { get; set; }

    /// <summary>As <see cref="Event"/>, unless an earlier event said the same (a refusal repeated every round says it once).</summary>
    public void EventOnce(string text)
    {
        lock (_events)
        {
            if (_events.Contains(text))
            {
                return;
            }
        }

        Event(text);
    }

    public void Event(string text)
    {
        logger.GroupEvent(group.Name, text);
        lock (_events)
        {
            _events.Add(text);
        }
    }

    public bool ActiveUp => State.Targets.TryGetValue(State.Active, out var health) && health.Up;

    /// <summary>The target's metrics writer, with Group and Target dimensions.</summary>
    public MetricsWriter Metrics(string target, MetricsWriter parent)
    {
        lock (_metrics)
        {
            if (!_metrics.TryGetValue(target, out var writer))
            {
                writer = parent.WithDimensions(new("Group", group.Name), new("Target", target));
                _metrics[target] = writer;
            }

            return writer;
        }
    }

    /// <summary>
    /// One set per scheduled run (one a minute), with a Group dimension: summed over a period, ActiveUp, AllDown and
    /// Unwatched count the minutes spent in each state; Switches and Alerts what happened; StandbysDown the standbys
    /// known down at the end. Per target, Active is 1 for the one the record or address points at.
    /// </summary>
    public void EmitGroupMetrics(MetricsWriter parent)
    {
        var metrics = parent.WithDimensions(new KeyValuePair<string, string>("Group", group.Name));
        metrics.Add("ActiveUp", Active is not null && ActiveUp ? 1 : 0);
        metrics.Add("AllDown", State.AllDownSince is not null ? 1 : 0);
        metrics.Add("Unwatched", Outcome is "error" or "unknown-value" ? 1 : 0);
        metrics.Add("Switches", Switches);
        metrics.Add("Alerts", Alerts);
        metrics.Add("StandbysDown", State.StandbyDown.Count);
        foreach (var target in group.Targets)
        {
            Metrics(target.Name, parent).Add("Active", target.Name == Active?.Name ? 1 : 0);
        }
    }

    public void Record(string target, ProbeResult result)
    {
        var list = _probes[target];
        lock (list)
        {
            list.Add(result);
        }
    }

    public ProbeResult? Latest(string target) => _probes.TryGetValue(target, out var list) && list.Count > 0 ? list[^1] : null;

    public IReadOnlyDictionary<string, bool> LatestHealthy() =>
        _probes.Where(p => p.Value.Count > 0).ToDictionary(p => p.Key, p => p.Value[^1].Healthy, StringComparer.Ordinal);

    /// <summary>Per target: "lb1 192.0.2.1: down (3 failed): 03:00:20 connection refused 0.3 ms; 03:00:10 …", newest first.</summary>
    public IEnumerable<string> Evidence() => group.Targets.Select(t =>
    {
        var health = State.Targets.TryGetValue(t.Name, out var h) ? h : null;
        var status = health is null ? "not probed" : health.Up ? $"up ({health.Successes} good in a row)" : $"down ({health.Failures} failed in a row)";
        var probes = _probes[t.Name].TakeLast(EvidencePerTarget).Reverse().Select(p => $"{p.At:HH:mm:ss} {p.Detail} {p.LatencyMs:0.#} ms");
        var route53 = Opinions?.Views.GetValueOrDefault(t.Name) is { } view ? $"; Route 53: {view}" : string.Empty;
        return $"{t.Name} {t.Value}: {status}{route53}: {string.Join("; ", probes)}";
    });

    public GroupReport Report() => new(
        group.Name,
        group.Subject,
        Outcome,
        Current,
        Active?.Name,
        [.. _events],
        [.. group.Targets.Select(t =>
        {
            var health = State.Targets.TryGetValue(t.Name, out var h) ? h : TargetHealth.Unknown(DateTimeOffset.UnixEpoch);
            return new TargetReport(t.Name, t.Value, health.Up, health.Failures, health.Successes,
                [.. _probes[t.Name].TakeLast(EvidencePerTarget).Select(p => new ProbeReport(p.At, p.Healthy, p.LatencyMs, p.Detail))],
                Opinions?.Views.GetValueOrDefault(t.Name)?.ToString());
        })],
        Error);
}
