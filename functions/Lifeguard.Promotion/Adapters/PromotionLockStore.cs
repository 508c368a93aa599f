using Lifeguard.Aws;
using Lifeguard.Aws.Route53;
using Lifeguard.Promotion.Configuration;
using Lifeguard.Promotion.Domain;

namespace Lifeguard.Promotion.Adapters;

/// <summary>
/// The lock in Route 53, beside the master record (same zone, same IAM grant): taking it is a CREATE, which Route 53
/// refuses when the record exists, or a compare-and-swap (DELETE the exact record read + CREATE) over an expired or
/// finished one. Either fails for the second of two racing invocations, so only one promotion runs.
/// </summary>
public sealed class PromotionLockStore(IRoute53Client route53, Route53RecordSwitcher reader, RecordConfig record)
{
    private const long Ttl = 60;

    /// <summary>The record as read (for the swap) and what it says; a TXT record that is not Lifeguard's is an error.</summary>
    public async Task<(ResourceRecordSet? Set, PromotionLock? Lock)> ReadAsync(CancellationToken cancellationToken)
    {
        var set = await reader.ReadAsync(record.ZoneId, record.LockName, "TXT", cancellationToken).ConfigureAwait(false);
        if (set is null)
        {
            return (null, null);
        }

        return (set, PromotionLock.Parse(set.Values)
            ?? throw new InvalidOperationException($"the TXT record {record.LockName} exists but is not Lifeguard's promotion lock; remove it or rename the master record."));
    }

    /// <summary>Replaces <paramref name="current"/> (null: none) by <paramref name="next"/> (null: none); false when another invocation changed it first.</summary>
    public async Task<bool> SwapAsync(ResourceRecordSet? current, PromotionLock? next, CancellationToken cancellationToken)
    {
        var changes = new List<RecordChange>();
        if (current is not null)
        {
            changes.Add(new RecordChange(ChangeAction.Delete, current));
        }

        if (next is not null)
        {
            changes.Add(new RecordChange(ChangeAction.Create, Set(next)));
        }

        try
        {
            await route53.ChangeResourceRecordSetsAsync(record.ZoneId, changes, $"Lifeguard promotion lock: {next?.State ?? "released"}", cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (AwsApiException ex) when (ex.ErrorCode == "InvalidChangeBatch")
        {
            return false;
        }
        catch (AwsApiException ex) when (ex.MayHaveTakenEffect)
        {
            // The answer was lost: the record says whether the change happened.
            var (_, now) = await ReadAsync(cancellationToken).ConfigureAwait(false);
            return next is null ? now is null : now is not null && now.Owner == next.Owner && now.State == next.State;
        }
    }

    public ResourceRecordSet Set(PromotionLock value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new ResourceRecordSet(record.LockName, "TXT", Ttl, value.ToValues());
    }
}
