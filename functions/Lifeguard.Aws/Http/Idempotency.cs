namespace Lifeguard.Aws.Http;

/// <summary>Whether repeating a call whose outcome is unknown is safe.</summary>
public enum Idempotency
{
    /// <summary>Reads, and writes whose repetition leaves the same state (tags, PutObject to a fixed key).</summary>
    Idempotent,

    /// <summary>Carries a client token: the service recognises a repeat and does not act twice.</summary>
    ClientToken,

    /// <summary>Repeating may act twice (CreateSnapshot, Publish). Retried only when the call surely did not reach the service.</summary>
    NotIdempotent,
}
