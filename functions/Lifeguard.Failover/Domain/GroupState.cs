namespace Lifeguard.Failover.Domain;

/// <summary>What must survive between invocations for one group: who is active, each target's health, the last switch.</summary>
/// <param name="Active">The target the record (or address) points at now; read from the record, never stored.</param>
public sealed record GroupState(string Active, IReadOnlyDictionary<string, TargetHealth> Targets, DateTimeOffset? LastSwitch)
{
    /// <summary>Since when every target has been down (the all-down alert went out then); null otherwise.</summary>
    public DateTimeOffset? AllDownSince { get; init; }

    /// <summary>Counts the writes of the state; a write that finds another count stored lost a race and writes nothing.</summary>
    public long Generation { get; init; }

    /// <summary>
    /// The switch a run is about to make, written before it acts: a switch whose answer or alert was lost is then still
    /// recognised as this checker's (alerted, cooldown started) by the run that finds it, never filed as someone else's.
    /// </summary>
    public SwitchIntent? Intent { get; init; }

    /// <summary>The run that wrote the state (its request id): two runs never write the same record.</summary>
    public string? Writer { get; init; }

    /// <summary>Since when a switch the probes decided has been refused by the second opinion (told once then).</summary>
    public DateTimeOffset? UnconfirmedSince { get; init; }

    /// <summary>Targets other than the active one that were told to be down (and are told once when they are up again).</summary>
    public IReadOnlySet<string> StandbyDown { get; init; } = new SortedSet<string>(StringComparer.Ordinal);

    /// <summary>
    /// This run's state after another run wrote the store meanwhile: this run's observations, the later of the two
    /// switches (so no run ever erases another's cooldown) and its intent, and the other's count to compare with next.
    /// </summary>
    public GroupState MergedWith(GroupState stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return this with
        {
            LastSwitch = Later(LastSwitch, stored.LastSwitch),
            Intent = stored.Intent ?? Intent,
            Generation = stored.Generation,
        };
    }

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;
}

/// <summary>A run is moving the group to <paramref name="Target"/> (decided at <paramref name="At"/>).</summary>
public sealed record SwitchIntent(string Target, DateTimeOffset At);
