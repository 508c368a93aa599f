using Lifeguard.Aws.Route53;
using Lifeguard.Failover.Configuration;

namespace Lifeguard.Failover.Adapters;

/// <summary>
/// DNS mode: the record moves by <see cref="Route53RecordSwitcher"/>'s compare-and-swap, and the group's state is a
/// TXT record beside it (_lifeguard.lb.example.com), one "key value" string per entry, so it lives with the zone
/// and the IAM policy that allows the one allows the other.
/// </summary>
public sealed class DnsRecordEndpoint(IRoute53Client route53, Route53RecordSwitcher switcher, RecordConfig config) : IFailoverEndpoint
{
    private const long StateTtl = 300;

    public async Task<string?> ReadAsync(CancellationToken cancellationToken) =>
        Value(await switcher.ReadAsync(config.ZoneId, config.Name, config.Type, cancellationToken).ConfigureAwait(false));

    public bool Matches(string configured, string current) => config.Holds(configured, current);

    public async Task<SwitchOutcome> SwitchAsync(string? currentValue, string newValue, CancellationToken cancellationToken)
    {
        var set = await switcher.ReadAsync(config.ZoneId, config.Name, config.Type, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The record {config.Type} {config.Name} does not exist in zone {config.ZoneId}; Lifeguard moves a record, it does not create one.");
        var value = Value(set);
        if (value is not null && Matches(newValue, value))
        {
            return new SwitchOutcome(SwitchResult.AlreadyDone, value, InSync: false);
        }

        if (value is null || currentValue is null || !Matches(currentValue, value))
        {
            return new SwitchOutcome(SwitchResult.Conflict, value, InSync: false);
        }

        return await switcher.SwitchAsync(config.ZoneId, set, newValue, config.Ttl, config.WaitForInSync, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyDictionary<string, string>> LoadStateAsync(CancellationToken cancellationToken)
    {
        var set = await switcher.ReadAsync(config.ZoneId, config.StateName, "TXT", cancellationToken).ConfigureAwait(false);
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var text in set?.Values ?? [])
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

    public Task SaveStateAsync(IReadOnlyDictionary<string, string> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var values = entries.Select(e => $"\"{e.Key} {e.Value}\"").ToList();
        var set = new ResourceRecordSet(config.StateName, "TXT", StateTtl, values);
        return route53.ChangeResourceRecordSetsAsync(config.ZoneId, [new RecordChange(ChangeAction.Upsert, set)], "Lifeguard health-check state", cancellationToken);
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
