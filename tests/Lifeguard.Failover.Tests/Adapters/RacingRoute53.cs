using Lifeguard.Aws.Route53;

namespace Lifeguard.Failover.Tests.Adapters;

/// <summary>Another checker (or an operator) changes the zone just before this one's first change arrives.</summary>
public sealed class RacingRoute53(IRoute53Client inner, Action before) : IRoute53Client
{
    private int _raced;

    public IAsyncEnumerable<ResourceRecordSet> ListResourceRecordSetsAsync(string hostedZoneId, string? startName, string? startType, CancellationToken cancellationToken) =>
        inner.ListResourceRecordSetsAsync(hostedZoneId, startName, startType, cancellationToken);

    public Task<ChangeInfo> ChangeResourceRecordSetsAsync(string hostedZoneId, IReadOnlyList<RecordChange> changes, string? comment, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _raced, 1) == 0)
        {
            before();
        }

        return inner.ChangeResourceRecordSetsAsync(hostedZoneId, changes, comment, cancellationToken);
    }

    public Task<ChangeInfo> GetChangeAsync(string changeId, CancellationToken cancellationToken) => inner.GetChangeAsync(changeId, cancellationToken);
}
