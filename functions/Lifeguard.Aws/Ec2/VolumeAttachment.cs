namespace Lifeguard.Aws.Ec2;

public sealed record VolumeAttachment(string InstanceId, string Device, string State, bool DeleteOnTermination);
