namespace Lifeguard.Snapshots;

/// <summary>A mount point to freeze on an instance, and the volumes it lies on (more than one for LVM or RAID).</summary>
public sealed record FreezeTarget(string InstanceId, string MountPoint, IReadOnlyList<string> VolumeIds);
