namespace Lifeguard.Snapshots.Adapters;

/// <summary>What every Describe* takes: ids, filters, page size, dry run.</summary>
public sealed record DescribeRequest
{
    /// <summary>EC2 takes at most this many values in one filter.</summary>
    public const int MaxFilterValues = 200;

    public IReadOnlyList<string> Ids { get; init; } = [];

    public IReadOnlyList<Ec2Filter> Filters { get; init; } = [];

    /// <summary>Describe* that page (volumes, snapshots, instances, images) ask for this many per page.</summary>
    public int? MaxResults { get; init; }

    /// <summary>Snapshots and images: `self`, an account id, `amazon`.</summary>
    public IReadOnlyList<string> Owners { get; init; } = [];

    public bool DryRun { get; init; }

    /// <summary>
    /// One request per <see cref="MaxFilterValues"/> of <paramref name="values"/> in the filter <paramref name="name"/>,
    /// each with the filters <paramref name="also"/>. By filter, not by id: a Describe* by id fails outright when one of
    /// them is gone, a filter simply leaves it out.
    /// </summary>
    public static IEnumerable<DescribeRequest> ByValues(string name, IEnumerable<string> values, params IReadOnlyList<Ec2Filter> also) =>
        values.Chunk(MaxFilterValues).Select(chunk => new DescribeRequest { Filters = [.. also, new Ec2Filter(name, chunk)] });

    /// <summary>Everything <paramref name="describe"/> answers to each of <paramref name="requests"/>, in order.</summary>
    public static async Task<List<T>> AllAsync<T>(
        IEnumerable<DescribeRequest> requests, Func<DescribeRequest, CancellationToken, IAsyncEnumerable<T>> describe, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(describe);
        var found = new List<T>();
        foreach (var request in requests)
        {
            await foreach (var item in describe(request, cancellationToken).ConfigureAwait(false))
            {
                found.Add(item);
            }
        }

        return found;
    }
}
