namespace Lifeguard.Snapshots.Adapters;

/// <summary>What every Describe* takes: ids, filters, page size, dry run.</summary>
public sealed record DescribeRequest
{
    public IReadOnlyList<string> Ids { get; init; } = [];

    public IReadOnlyList<Ec2Filter> Filters { get; init; } = [];

    /// <summary>Describe* that page (volumes, snapshots, instances, images) ask for this many per page.</summary>
    public int? MaxResults { get; init; }

    /// <summary>Snapshots and images: `self`, an account id, `amazon`.</summary>
    public IReadOnlyList<string> Owners { get; init; } = [];

    public bool DryRun { get; init; }
}
