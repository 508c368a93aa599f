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

    public async Task<SwitchOutcome> SwitchAsync(string zoneId, ResourceRecordSet current, string newValue, long ttl, bool waitForInSync, CancellationToken cancellationToken, TimeSpan? inSyncTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(current);
        ChangeInfo change;
        try
        {
            change = await route53.ChangeResourceRecordSetsAsync(zoneId,
            [
                new RecordChange(ChangeAction.Delete, current),
                new RecordChange(ChangeAction.Create, new ResourceRecordSet(current.Name, current.Type, ttl, [newValue])),
            ], $"Lifeguard: {string.Join(',', current.Values)} -> {newValue}", cancellationToken).ConfigureAwait(false);
        }
        catch (AwsApiException ex) when (ex.ErrorCode == "InvalidChangeBatch" || ex.MayHaveTakenEffect)
        {
            // Either the swap lost a race or its answer was lost: the record itself says which.
            var now = await ReadAsync(zoneId, current.Name, current.Type, cancellationToken).ConfigureAwait(false);
            var value = now?.Values.Count == 1 ? now.Values[0] : null;
            if (value == newValue)
            {
                return new SwitchOutcome(SwitchResult.AlreadyDone, value, InSync: false);
            }

            if (ex.ErrorCode == "InvalidChangeBatch")
            {
                return new SwitchOutcome(SwitchResult.Conflict, value, InSync: false);
            }

            throw;
        }

        var inSync = change.Status == "INSYNC";
        // Bounded by the caller's deadline and inSyncTimeout; Route 53 usually syncs within a minute. The change is
        // made either way: a wait that ends early reports PENDING, never a failure.
        var waited = time.GetTimestamp();
        while (waitForInSync && !inSync && (inSyncTimeout is not { } limit || time.GetElapsedTime(waited) + PollInterval <= limit))
        {
            await Task.Delay(PollInterval, time, cancellationToken).ConfigureAwait(false);
            inSync = (await route53.GetChangeAsync(change.Id, cancellationToken).ConfigureAwait(false)).Status == "INSYNC";
        }

        return new SwitchOutcome(SwitchResult.Switched, newValue, inSync);
    }

    private static string Fqdn(string name) => name.EndsWith('.') ? name : name + ".";
}
