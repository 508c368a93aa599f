namespace Lifeguard.Aws.Route53;

/// <summary>A record set; <see cref="Values"/> empty for an alias.</summary>
public sealed record ResourceRecordSet(string Name, string Type, long? Ttl, IReadOnlyList<string> Values)
{
    public string? SetIdentifier { get; init; }

    public AliasTarget? AliasTarget { get; init; }
}
