using Lifeguard.Aws;
using Lifeguard.Aws.Route53;
using Lifeguard.Failover.Configuration;

namespace Lifeguard.Failover.Adapters;

/// <summary>
/// DNS mode: the record moves by <see cref="Route53RecordSwitcher"/>'s compare-and-swap, and the group's state is a
/// TXT record beside it (_lifeguard.lb.example.com), one "key value" string per entry, so it lives with the zone
/// and the IAM policy that allows the one allows the other. The state is written by compare-and-swap too: the TXT
/// record exactly as last read is deleted in the same batch that creates the new one.
/// </summary>
public sealed class DnsRecordEndpoint(IRoute53Client route53, Route53RecordSwitcher switcher, RecordConfig config) : IFailoverEndpoint
{
    private const long StateTtl = 300;

    private static readonly TimeSpan InSyncFor = TimeSpan.FromSeconds(20);

    /// <summary>The record as last read.</summary>
    private ResourceRecordSet? _record;

    /// <summary>The state record as last loaded or written; null when there is none.</summary>
    private ResourceRecordSet? _state;

    public async Task<string?> ReadAsync(CancellationToken cancellationToken)
    {
        _record = await switcher.ReadAsync(config.ZoneId, config.Name, config.Type, cancellationToken).ConfigureAwait(false);
        if (_record?.SetIdentifier is { } identifier)
        {
            throw new InvalidOperationException(
                $"The record {config.Type} {config.Name} has a routing policy (set identifier '{identifier}'): Lifeguard moves a simple record, one name with one value. Use a simple record, or let Route 53's own failover routing move this one.");
        }

        return Value(_record);
    }

    public bool Matches(string configured, string current) => config.Holds(configured, current);

    public async Task<SwitchOutcome> SwitchAsync(string? currentValue, string newValue, CancellationToken cancellationToken)
    {
        var value = await ReadAsync(cancellationToken).ConfigureAwait(false);
        var set = _record ?? throw new InvalidOperationException($"The record {config.Type} {config.Name} does not exist in zone {config.ZoneId}; Lifeguard moves a record, it does not create one.");
        if (value is not null && Matches(newValue, value))
        {
            return new SwitchOutcome(SwitchResult.AlreadyDone, value, InSync: false);
        }

        if (value is null || currentValue is null || !Matches(currentValue, value))
        {
            return new SwitchOutcome(SwitchResult.Conflict, value, InSync: false);
        }

        // The INSYNC wait (when asked for) is kept short: the alert, the state write and the hooks come after it.
        return await switcher.SwitchAsync(config, set, newValue, cancellationToken, InSyncFor).ConfigureAwait(false);
    }

    public async Task<string?> RepairAsync(bool dryRun, CancellationToken cancellationToken)
    {
        if (_record is not { Ttl: { } ttl, Values: [var value] } set || ttl == config.Ttl)
        {
            return null;
        }

        var said = $"{config.Type} {config.Name.TrimEnd('.')} had TTL {ttl} s, the configuration says {config.Ttl} s";
        if (dryRun)
        {
            return $"{said}: would set it to {config.Ttl} s";
        }

        var outcome = await switcher.SwitchAsync(config with { WaitForInSync = false }, set, value, cancellationToken).ConfigureAwait(false);
        return outcome.Result == SwitchResult.Switched
            ? $"{said}: set it to {config.Ttl} s. Until {ttl} s have passed, resolvers may still answer with what they cached, switch or not."
            : null;
    }

    public async Task<IReadOnlyDictionary<string, string>> LoadStateAsync(CancellationToken cancellationToken)
    {
        _state = await switcher.ReadAsync(config.ZoneId, config.StateName, "TXT", cancellationToken).ConfigureAwait(false);
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var text in _state?.Values ?? [])
        {
            var entry = text.Trim('"');
            var space = entry.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0)
            {
                entries[entry[..space]] = entry[(space + 1)..];
            }
        }

        return entries;
    }

    public async Task<bool> SaveStateAsync(IReadOnlyDictionary<string, string> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var set = new ResourceRecordSet(config.StateName, "TXT", StateTtl, [.. entries.Select(e => $"\"{e.Key} {e.Value}\"")]);
        RecordChange[] changes = _state is null
            ? [new(ChangeAction.Create, set)]
            : [new(ChangeAction.Delete, _state), new(ChangeAction.Create, set)];
        try
        {
            await route53.ChangeResourceRecordSetsAsync(config.ZoneId, changes, "Lifeguard health-check state", cancellationToken).ConfigureAwait(false);
        }
        catch (AwsApiException ex) when (ex.ErrorCode == "InvalidChangeBatch" || ex.MayHaveTakenEffect)
        {
            // Lost to another run's write, or the answer was lost: the record says whether it holds this write.
            var stored = await switcher.ReadAsync(config.ZoneId, config.StateName, "TXT", cancellationToken).ConfigureAwait(false);
            if (stored is null || !stored.Values.Order(StringComparer.Ordinal).SequenceEqual(set.Values.Order(StringComparer.Ordinal)))
            {
                if (ex.ErrorCode == "InvalidChangeBatch")
                {
                    return false;
                }

                throw;
            }
        }

        _state = set;
        return true;
    }

    /// <summary>The single value, or null for a missing record; several values or an alias are shown as they are (and match no target).</summary>
    private static string? Value(ResourceRecordSet? set) => set switch
    {
        null => null,
        { AliasTarget: { } alias } => $"alias {alias.DnsName}",
        { Values.Count: 1 } => set.Values[0],
        _ => string.Join(", ", set.Values),
    };
}
