namespace Lifeguard.Snapshots.Domain;

public sealed record VolumeAttachment(string InstanceId, string Device, string State, bool DeleteOnTermination);
