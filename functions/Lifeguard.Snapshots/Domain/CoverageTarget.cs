namespace Lifeguard.Snapshots.Domain;

/// <summary>
/// A protected volume: tagged `lifeguard:backup` itself, or attached to an instance that is, with the configured tiers
/// that apply to it (the union of both tags) and where its alert state lives.
/// </summary>
/// <param name="CreateTime">When the volume was created: a volume younger than its threshold is not unprotected yet.</param>
/// <param name="State">Where `lifeguard:unprotected-since` is kept for this volume.</param>
/// <param name="AlertedSince">The state's value now: when the volume was reported unprotected; null when it was not.</param>
public sealed record CoverageTarget(
    string VolumeId,
    string? Name,
    DateTimeOffset? CreateTime,
    IReadOnlyList<string> Tiers,
    IReadOnlyList<string> InstanceIds,
    StateTag State,
    string? AlertedSince);
