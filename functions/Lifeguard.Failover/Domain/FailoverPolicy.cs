namespace Lifeguard.Failover.Domain;

/// <summary>
/// Decides, from the targets' hysteresis health, whether to move the record: only when the active target is down and
/// another is up, never within the cooldown of the last switch, to the first healthy target in the configured order;
/// when every target is down the record stays where it is. Failback to the preferred target is optional.
/// </summary>
public static class FailoverPolicy
{
    /// <summary>
    /// One probe round: folds each target's probe into its health, decides, and says when an all-down episode starts
    /// or ends (once each, so a long outage is one alert, not one a minute).
    /// </summary>
    public static RoundResult Round(GroupState state, IReadOnlyDictionary<string, bool> probes, IReadOnlyList<string> order, DateTimeOffset now, FailoverOptions options)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(probes);
        ArgumentNullException.ThrowIfNull(order);
        var targets = order.ToDictionary(
            t => t,
            t =>
            {
                var health = state.Targets.TryGetValue(t, out var known) ? known : TargetHealth.Unknown(now);
                return probes.TryGetValue(t, out var ok) ? health.Observe(ok, now, options) : health;
            },
            StringComparer.Ordinal);
        var next = state with { Targets = targets };
        var decision = Decide(next, order, now, options);
        var (standbyDown, standby) = Standby(next, order, decision.Kind == DecisionKind.AllDown || next.AllDownSince is not null);
        next = next with { StandbyDown = standbyDown };
        if (decision.Kind == DecisionKind.AllDown)
        {
            return next.AllDownSince is null
                ? new RoundResult(next with { AllDownSince = now }, decision, GroupAlert.AllDown, standby)
                : new RoundResult(next, decision, GroupAlert.None, standby);
        }

        // Leaving all-down by a switch is told by the switch itself; the handler clears the mark when it switches.
        return next.AllDownSince is not null && targets.TryGetValue(next.Active, out var active) && active.Up
            ? new RoundResult(next with { AllDownSince = null }, decision, GroupAlert.Recovered, standby)
            : new RoundResult(next, decision, GroupAlert.None, standby);
    }

    /// <summary>
    /// The targets other than the active one that went down or came back (a dead standby is found before it is
    /// needed), each told once. The active target's own health is told by the switch, all-down and recovery alerts;
    /// while every target is down the all-down alert has named them all and the recovery speaks for them: nothing is
    /// marked or told until the episode ends.
    /// </summary>
    private static (IReadOnlySet<string> Down, IReadOnlyList<StandbyChange> Changes) Standby(GroupState state, IReadOnlyList<string> order, bool allDown)
    {
        if (allDown)
        {
            return (state.StandbyDown, []);
        }

        var down = new SortedSet<string>(state.StandbyDown, StringComparer.Ordinal);
        var changes = new List<StandbyChange>();
        foreach (var target in order)
        {
            var up = state.Targets[target].Up;
            if (target == state.Active)
            {
                down.Remove(target);
            }
            else if (!up && down.Add(target))
            {
                changes.Add(new StandbyChange(target, Down: true));
            }
            else if (up && down.Remove(target))
            {
                changes.Add(new StandbyChange(target, Down: false));
            }
        }

        return (down, changes);
    }

    public static FailoverDecision Decide(GroupState state, IReadOnlyList<string> order, DateTimeOffset now, FailoverOptions options)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(options);
        bool IsUp(string target) => state.Targets.TryGetValue(target, out var health) && health.Up;
        var inCooldown = state.LastSwitch is { } last && now - last < options.Cooldown;
        var healthy = order.Where(t => t != state.Active && IsUp(t)).ToList();

        if (!IsUp(state.Active))
        {
            if (healthy.Count == 0)
            {
                return new FailoverDecision(DecisionKind.AllDown, null, $"{state.Active} is down and no other target is up: holding the record");
            }

            return inCooldown
                ? FailoverDecision.Hold($"{state.Active} is down but the last switch was less than {options.Cooldown} ago")
                : new FailoverDecision(DecisionKind.Switch, healthy[0], $"{state.Active} is down; {healthy[0]} is up");
        }

        var preferred = order.Count > 0 ? order[0] : state.Active;
        if (options.Failback == FailbackPolicy.AfterHealthy && preferred != state.Active && !inCooldown
            && state.Targets.TryGetValue(preferred, out var preferredHealth) && preferredHealth.Up
            && now - preferredHealth.ChangedAt >= options.FailbackAfter)
        {
            return new FailoverDecision(DecisionKind.Switch, preferred, $"failback: {preferred} has been healthy for {options.FailbackAfter}");
        }

        return FailoverDecision.Hold($"{state.Active} is up");
    }
}
