using Lifeguard.Aws.Route53;
using Lifeguard.Promotion.Configuration;
using Lifeguard.Promotion.Domain;

namespace Lifeguard.Promotion.Adapters;

/// <summary>
/// The lock in Route 53, beside the master record: taking it is a CREATE, which Route 53 refuses when the record
/// exists, or a compare-and-swap over an expired or finished one. Either fails for the second of two racing
/// invocations, so only one promotion runs.
/// </summary>
public sealed class PromotionLockStore(IRoute53Client route53, Route53RecordSwitcher reader, RecordConfig record)
{
    private readonly TxtRecordStore _store = new(route53, reader, record.ZoneId, record.LockName);

    /// <summary>The record as read (for the swap) and what it says; a TXT record that is not Lifeguard's is an error.</summary>
    public async Task<(ResourceRecordSet? Set, PromotionLock? Lock)> ReadAsync(CancellationToken cancellationToken)
    {
        var set = await _store.ReadAsync(cancellationToken).ConfigureAwait(false);
        return set is null
            ? (null, null)
            : (set, PromotionLock.Parse(set.Values)
                ?? throw new InvalidOperationException($"the TXT record {record.LockName} exists but is not Lifeguard's promotion lock; remove it or rename the master record."));
    }

    /// <summary>Replaces <paramref name="current"/> (null: none) by <paramref name="next"/> (null: none); false when another invocation changed it first.</summary>
    public Task<bool> SwapAsync(ResourceRecordSet? current, PromotionLock? next, CancellationToken cancellationToken) =>
        _store.SwapAsync(current, next?.ToValues(), $"Lifeguard promotion lock: {next?.State ?? "released"}", now =>
        {
            var read = now is null ? null : PromotionLock.Parse(now.Values);
            return next is null ? now is null : read is not null && read.Owner == next.Owner && read.State == next.State;
        }, cancellationToken);

    public ResourceRecordSet Set(PromotionLock value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return _store.Set(value.ToValues());
    }
}
