namespace Lifeguard.Snapshots.Domain;

/// <summary>The tags restore drills write: on the volumes they create, and their standing on the protected volumes.</summary>
public static class DrillTags
{
    /// <summary>
    /// On every volume a drill creates, from its creation: the drill run's id. The drill function's IAM policy lets it
    /// attach, detach and delete only volumes carrying this key, and create volumes only with it, so a volume without it
    /// is out of the function's reach whatever its code does.
    /// </summary>
    public const string Drill = "lifeguard:drill";

    /// <summary>On a drill volume: the snapshot it was restored from.</summary>
    public const string Snapshot = "lifeguard:drill-snapshot";

    /// <summary>On a drill volume: the protected volume whose backup it is.</summary>
    public const string Of = "lifeguard:drill-of";

    /// <summary>On a protected volume: when its last drill passed.</summary>
    public const string PassedAt = "lifeguard:drill-passed-at";

    /// <summary>
    /// On a protected volume: when a drill last restored it, passing or not. A sample takes the volumes tried longest
    /// ago first, so one that keeps failing (alerted already) does not take every run's turn from the others.
    /// </summary>
    public const string TriedAt = "lifeguard:drill-tried-at";

    /// <summary>
    /// On a protected volume: set when the "no successful drill" alert went out, removed with the recovery message, so
    /// each becomes one message and never a repeat.
    /// </summary>
    public const string OverdueAlerted = "lifeguard:drill-overdue-alerted";
}
