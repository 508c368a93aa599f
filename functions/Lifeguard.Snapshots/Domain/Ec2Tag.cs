namespace Lifeguard.Snapshots.Domain;

public sealed record Ec2Tag(string Key, string Value);
