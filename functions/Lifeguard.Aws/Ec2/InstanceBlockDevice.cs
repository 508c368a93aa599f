namespace Lifeguard.Aws.Ec2;

public sealed record InstanceBlockDevice(string DeviceName, string VolumeId);
