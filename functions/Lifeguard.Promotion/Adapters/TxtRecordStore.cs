using Lifeguard.Aws;
using Lifeguard.Aws.Route53;

namespace Lifeguard.Promotion.Adapters;

/// <summary>
/// A TXT record Lifeguard keeps beside the master record (same zone, same IAM grant), changed only by compare and
/// swap: DELETE the exact record read + CREATE the new one, in one batch, which Route 53 refuses when another
/// invocation changed it first.
/// </summary>
public sealed class TxtRecordStore(IRoute53Client route53, Route53RecordSwitcher reader, string zoneId, string name)
{
    private const long Ttl = 60;

    public Task<ResourceRecordSet?> ReadAsync(CancellationToken cancellationToken) => reader.ReadAsync(zoneId, name, "TXT", cancellationToken);

    /// <summary>
    /// Replaces <paramref name="current"/> (null: none) by <paramref name="values"/> (null: none); false when another
    /// invocation changed it first. When the answer is lost, the record is read back: <paramref name="landed"/> says
    /// whether what is there now is this change.
    /// </summary>
    public async Task<bool> SwapAsync(ResourceRecordSet? current, IReadOnlyList<string>? values, string comment, Func<ResourceRecordSet?, bool> landed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(landed);
        var changes = new List<RecordChange>();
        if (current is not null)
        {
            changes.Add(new RecordChange(ChangeAction.Delete, current));
        }

        if (values is not null)
        {
            changes.Add(new RecordChange(ChangeAction.Create, Set(values)));
        }

        if (changes.Count == 0)
        {
            return true;
        }

        try
        {
            await route53.ChangeResourceRecordSetsAsync(zoneId, changes, comment, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (AwsApiException ex) when (ex.ErrorCode == "InvalidChangeBatch")
        {
            return false;
        }
        catch (AwsApiException ex) when (ex.MayHaveTakenEffect)
        {
            return landed(await ReadAsync(cancellationToken).ConfigureAwait(false));
        }
    }

    public ResourceRecordSet Set(IReadOnlyList<string> values) => new(name, "TXT", Ttl, values);
}
