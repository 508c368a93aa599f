namespace Lifeguard.Aws.Route53;

public enum SwitchResult
{
    /// <summary>This call moved the record.</summary>
    Switched,

    /// <summary>The record already held the new value (another checker, or a repeated call, got there first).</summary>
    AlreadyDone,

    /// <summary>The record changed under us to something else: someone else acted; nothing was changed.</summary>
    Conflict,
}
