using System.Runtime.CompilerServices;
using Lifeguard.Aws;
using Lifeguard.Aws.Route53;

namespace Lifeguard.TestSupport;

/// <summary>
/// One hosted zone with Route 53's documented batch semantics, which moto does not implement: a DELETE must match the
/// current record exactly (values and TTL), a CREATE must not find one, and a batch applies wholly or not at all.
/// Thread-safe, for checkers racing each other.
/// </summary>
public sealed class StrictRoute53 : IRoute53Client
{
    private readonly Dictionary<(string Name, string Type), ResourceRecordSet> _sets = new();

    private readonly Lock _gate = new();

    public int Changes { get; private set; }

    /// <summary>The next batch that changes this name is applied and then answered with a timeout, as when the answer is lost on its way back.</summary>
    public string? LoseAnswerTo { get; set; }

    /// <summary>The next batch that changes this name is applied, and then this is thrown (a run that dies right after the change).</summary>
    public (string Name, Exception Error)? FailAfter { get; set; }

    /// <summary>Batches that change this name are refused with this error, without being applied.</summary>
    public (string Name, Exception Error)? Refuse { get; set; }

    /// <summary>Every GetChange fails (Route 53 throttling the INSYNC wait).</summary>
    public bool GetChangeFails { get; set; }

    public void Put(ResourceRecordSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        lock (_gate)
        {
            _sets[(set.Name, set.Type)] = set;
        }
    }

    public IReadOnlyList<string> Values(string name, string type)
    {
        lock (_gate)
        {
            return _sets.TryGetValue((name, type), out var set) ? set.Values : [];
        }
    }

    public string? Value(string name, string type) => Values(name, type) is { Count: > 0 } values ? values.Single() : null;

    public async IAsyncEnumerable<ResourceRecordSet> ListResourceRecordSetsAsync(string hostedZoneId, string? startName, string? startType, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        ResourceRecordSet[] sets;
        lock (_gate)
        {
            sets = [.. _sets.Values];
        }

        foreach (var set in sets.OrderBy(s => s.Name, StringComparer.Ordinal).ThenBy(s => s.Type, StringComparer.Ordinal)
            .Where(s => startName is null || string.CompareOrdinal(s.Name, startName) >= 0))
        {
            yield return set;
        }
    }

    public Task<ChangeInfo> ChangeResourceRecordSetsAsync(string hostedZoneId, IReadOnlyList<RecordChange> changes, string? comment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        lock (_gate)
        {
            bool Touches(string? name) => changes.Any(c => c.RecordSet.Name == name);
            if (Refuse is { } refuse && Touches(refuse.Name))
            {
                throw refuse.Error;
            }

            var info = Apply(changes);
            if (Touches(LoseAnswerTo))
            {
                LoseAnswerTo = null;
                throw new AwsApiException("Route 53", "ChangeResourceRecordSets", 0, AwsApiException.TimeoutErrorCode, "no answer within 10 s", mayHaveTakenEffect: true);
            }

            if (FailAfter is { } fail && Touches(fail.Name))
            {
                FailAfter = null;
                throw fail.Error;
            }

            return Task.FromResult(info);
        }
    }

    public Task<ChangeInfo> GetChangeAsync(string changeId, CancellationToken cancellationToken) => GetChangeFails
        ? throw new AwsApiException("Route 53", "GetChange", 400, "Throttling", "Rate exceeded")
        : Task.FromResult(new ChangeInfo(changeId, "INSYNC", null));

    private ChangeInfo Apply(IReadOnlyList<RecordChange> changes)
    {
        var next = new Dictionary<(string, string), ResourceRecordSet>(_sets);
        foreach (var change in changes)
        {
            var key = (change.RecordSet.Name, change.RecordSet.Type);
            if (change.RecordSet.SetIdentifier is { } identifier)
            {
                // A routing policy's record needs its weight (region, failover…), which ResourceRecordSet does not carry.
                throw Invalid($"Invalid request: Expected exactly one of [Weight, Region, Failover, GeoLocation, MultiValueAnswer, GeoProximityLocation, or CidrRoutingConfig], but found none in Change with [Action={change.Action.ToString().ToUpperInvariant()}, Name={key.Name}, Type={key.Type}, SetIdentifier={identifier}]");
            }

            switch (change.Action)
            {
                case ChangeAction.Delete when !next.TryGetValue(key, out var existing) || existing.SetIdentifier is not null:
                    throw Invalid($"Tried to delete resource record set [name='{key.Name}', type='{key.Type}'] but it was not found");
                case ChangeAction.Delete when next[key].Ttl != change.RecordSet.Ttl || !next[key].Values.SequenceEqual(change.RecordSet.Values):
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

        Changes++;
        return new ChangeInfo("/change/C1", "PENDING", null);
    }

    private static AwsApiException Invalid(string message) => new("Route 53", "ChangeResourceRecordSets", 400, "InvalidChangeBatch", message);
}
