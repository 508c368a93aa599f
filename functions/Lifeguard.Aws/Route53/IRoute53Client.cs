namespace Lifeguard.Aws.Route53;

public interface IRoute53Client
{
    /// <summary>The zone's record sets from <paramref name="startName"/> (and type) on, paging lazily.</summary>
    IAsyncEnumerable<ResourceRecordSet> ListResourceRecordSetsAsync(string hostedZoneId, string? startName, string? startType, CancellationToken cancellationToken);

    /// <summary>
    /// Applies the batch atomically. Not repeated blindly after an uncertain failure: a repeat of a compare-and-swap that
    /// already took effect fails with InvalidChangeBatch, so read the record to tell.
    /// </summary>
    Task<ChangeInfo> ChangeResourceRecordSetsAsync(string hostedZoneId, IReadOnlyList<RecordChange> changes, string? comment, CancellationToken cancellationToken);

    Task<ChangeInfo> GetChangeAsync(string changeId, CancellationToken cancellationToken);
}
