using Lifeguard.Aws;

namespace Lifeguard.Aws.Route53;

/// <summary>
/// Moves a record from one value to another as a compare-and-swap: one change batch that DELETEs the exact record as
/// read (value and TTL) and CREATEs the new one. Route 53 applies a batch atomically, so if another checker changed
/// the record first the DELETE no longer matches and nothing happens (InvalidChangeBatch).
/// </summary>
public sealed class Route53RecordSwitcher(IRoute53Client route53, TimeProvider time)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    /// <summary>The record set named <paramref name="name"/> of <paramref name="type"/>, or null.</summary>
    public async Task<ResourceRecordSet?> ReadAsync(string zoneId, string name, string type, CancellationToken cancellationToken)
    {
        var fqdn = Fqdn(name);
        await foreach (var set in route53.ListResourceRecordSetsAsync(zoneId, fqdn, type, cancellationToken).ConfigureAwait(false))
        {
            // The listing starts at the name and goes on in order: the first set is it, or it does not exist.
            return string.Equals(Fqdn(set.Name), fqdn, StringComparison.OrdinalIgnoreCase) && set.Type == type ? set : null;
        }

        return null;
    }

    /// <summary>
    /// Moves <paramref name="current"/> (exactly as read) to <paramref name="newValue"/> with <paramref name="config"/>'s
    /// TTL. The outcome names who moved it: <see cref="SwitchResult.Switched"/> when this batch did, even when its answer
    /// was lost (the record then holds the new value); <see cref="SwitchResult.AlreadyDone"/> when Route 53 refused the
    /// batch because someone else had already moved it there; <see cref="SwitchResult.Conflict"/> when someone else
    /// moved it elsewhere. A batch refused while the record is still as read was refused for what it says (a record
    /// with a routing policy, a value Route 53 will not take): that is thrown, never shown as a lost race. Once the
    /// record has moved nothing thrown or cancelled afterwards (the INSYNC wait) can hide it.
    /// </summary>
    public async Task<SwitchOutcome> SwitchAsync(RecordConfig config, ResourceRecordSet current, string newValue, CancellationToken cancellationToken, TimeSpan? inSyncTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(current);
        ChangeInfo change;
        try
        {
            change = await route53.ChangeResourceRecordSetsAsync(config.ZoneId,
            [
                new RecordChange(ChangeAction.Delete, current),
                new RecordChange(ChangeAction.Create, new ResourceRecordSet(current.Name, current.Type, config.Ttl, [newValue])),
            ], $"Lifeguard: {string.Join(',', current.Values)} -> {newValue}", cancellationToken).ConfigureAwait(false);
        }
        catch (AwsApiException ex) when (ex.ErrorCode == "InvalidChangeBatch" || ex.MayHaveTakenEffect)
        {
            // Either the swap lost a race, was refused, or its answer was lost: the record itself says which.
            var now = await ReadAsync(config.ZoneId, current.Name, current.Type, cancellationToken).ConfigureAwait(false);
            var value = now?.Values.Count == 1 ? now.Values[0] : null;
            var refused = ex.ErrorCode == "InvalidChangeBatch";
            if (value is not null && config.Holds(newValue, value))
            {
                return new SwitchOutcome(refused ? SwitchResult.AlreadyDone : SwitchResult.Switched, value, InSync: false);
            }

            if (now is not null && Same(now, current))
            {
                throw refused ? ex.WithNote($"{current.Type} {current.Name} is still as read, so no one else changed it: the batch itself was refused", ex) : ex;
            }

            return new SwitchOutcome(SwitchResult.Conflict, value ?? Describe(now), InSync: false);
        }

        return new SwitchOutcome(SwitchResult.Switched, newValue, config.WaitForInSync && await WaitForInSyncAsync(change, inSyncTimeout, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Bounded by the caller's deadline and <paramref name="limit"/>; Route 53 usually syncs within a minute. The change
    /// is made either way: a wait that ends early, by the deadline or a failed GetChange, reports PENDING, never a failure.
    /// </summary>
    private async Task<bool> WaitForInSyncAsync(ChangeInfo change, TimeSpan? limit, CancellationToken cancellationToken)
    {
        var waited = time.GetTimestamp();
        try
        {
            for (var inSync = change.Status == "INSYNC"; ; )
            {
                if (inSync || (limit is { } l && time.GetElapsedTime(waited) + PollInterval > l))
                {
                    return inSync;
                }

                await Task.Delay(PollInterval, time, cancellationToken).ConfigureAwait(false);
                inSync = (await route53.GetChangeAsync(change.Id, cancellationToken).ConfigureAwait(false)).Status == "INSYNC";
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or AwsApiException)
        {
            return false;
        }
    }

    private static bool Same(ResourceRecordSet a, ResourceRecordSet b) =>
        a.Ttl == b.Ttl && a.SetIdentifier == b.SetIdentifier && a.AliasTarget == b.AliasTarget && a.Values.SequenceEqual(b.Values);

    private static string? Describe(ResourceRecordSet? set) => set is null ? null : set.AliasTarget is { } alias ? $"alias {alias.DnsName}" : string.Join(", ", set.Values);

    private static string Fqdn(string name) => name.EndsWith('.') ? name : name + ".";
}
