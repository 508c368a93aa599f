namespace Lifeguard.Snapshots;

/// <summary>The tags that say how consistent a snapshot is, and where Lifeguard may freeze a filesystem to make it so.</summary>
/// <remarks>Beside <see cref="Domain.SnapshotTags"/>, where they belong, until that file is free to change.</remarks>
public static class ConsistencyTags
{
    /// <summary>
    /// On every snapshot: `crash` from its creation (a point in time, as after a power cut), changed to `application`
    /// once Lifeguard knows the filesystem was frozen when EC2 took it.
    /// </summary>
    public const string Consistency = "lifeguard:consistency";

    public const string Crash = "crash";

    public const string Application = "application";

    /// <summary>
    /// On an instance, value `true`: Lifeguard may run fsfreeze there through SSM. The IAM policy allows SendCommand only
    /// on instances carrying it, since a volume's tag cannot be checked by IAM on the instance.
    /// </summary>
    public const string FreezeAllowed = "lifeguard:freeze-allowed";
}
