namespace Lifeguard.Snapshots.Domain;

public sealed record Volume(
    string VolumeId,
    int Size,
    string AvailabilityZone,
    string State,
    string? VolumeType,
    bool Encrypted,
    DateTimeOffset? CreateTime,
    IReadOnlyList<VolumeAttachment> Attachments,
    IReadOnlyList<Ec2Tag> Tags);
