namespace Lifeguard.Snapshots.Domain;

public sealed record InstanceBlockDevice(string DeviceName, string VolumeId);
