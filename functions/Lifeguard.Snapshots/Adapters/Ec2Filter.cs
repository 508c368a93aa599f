namespace Lifeguard.Snapshots.Adapters;

/// <summary>A Describe* filter: `tag:lifeguard:backup`, `status`, `volume-id`...; any of the values matches.</summary>
public sealed record Ec2Filter(string Name, IReadOnlyList<string> Values)
{
    public Ec2Filter(string name, params string[] values) : this(name, (IReadOnlyList<string>)values) { }
}
