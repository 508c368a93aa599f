using System.Runtime.CompilerServices;
using Lifeguard.Aws;
using Lifeguard.Aws.Route53;

namespace Lifeguard.Failover.Tests.Adapters;

/// <summary>
/// One hosted zone with Route 53's documented batch semantics, which moto does not implement: a DELETE must match the
/// current record exactly (values and TTL), a CREATE must not find one, and a batch applies wholly or not at all.
/// </summary>
public sealed class StrictRoute53 : IRoute53Client
{
    private readonly Dictionary<(string Name, string Type), ResourceRecordSet> _sets = new();

    public void Put(ResourceRecordSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        _sets[(set.Name, set.Type)] = set;
    }

    public string? Value(string name, string type) => _sets.TryGetValue((name, type), out var set) ? set.Values.Single() : null;

    public async IAsyncEnumerable<ResourceRecordSet> ListResourceRecordSetsAsync(string hostedZoneId, string? startName, string? startType, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        foreach (var set in _sets.Values.OrderBy(s => s.Name, StringComparer.Ordinal).ThenBy(s => s.Type, StringComparer.Ordinal)
            .Where(s => startName is null || string.CompareOrdinal(s.Name, startName) >= 0))
        {
            yield return set;
        }
    }

    public Task<ChangeInfo> ChangeResourceRecordSetsAsync(string hostedZoneId, IReadOnlyList<RecordChange> changes, string? comment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var next = new Dictionary<(string, string), ResourceRecordSet>(_sets);
        foreach (var change in changes)
        {
            var key = (change.RecordSet.Name, change.RecordSet.Type);
            switch (change.Action)
            {
                case ChangeAction.Delete when !next.TryGetValue(key, out var existing) || existing.Ttl != change.RecordSet.Ttl || !existing.Values.SequenceEqual(change.RecordSet.Values):
                    throw Invalid($"Tried to delete resource record set [name='{key.Name}', type='{key.Type}'] but the values provided do not match the current values");
                case ChangeAction.Delete:
                    next.Remove(key);
                    break;
                case ChangeAction.Create when next.ContainsKey(key):
                    throw Invalid($"Tried to create resource record set [name='{key.Name}', type='{key.Type}'] but it already exists");
                default:
                    next[key] = change.RecordSet;
                    break;
            }
        }

        _sets.Clear();
        foreach (var (key, set) in next)
        {
            _sets[key] = set;
        }

        return Task.FromResult(new ChangeInfo("/change/C1", "PENDING", null));
    }

    public Task<ChangeInfo> GetChangeAsync(string changeId, CancellationToken cancellationToken) =>
        Task.FromResult(new ChangeInfo(changeId, "INSYNC", null));

    private static AwsApiException Invalid(string message) => new("Route 53", "ChangeResourceRecordSets", 400, "InvalidChangeBatch", message);
}
