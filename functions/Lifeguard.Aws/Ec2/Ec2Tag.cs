namespace Lifeguard.Aws.Ec2;

public sealed record Ec2Tag(string Key, string Value);
