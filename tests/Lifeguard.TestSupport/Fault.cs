namespace Lifeguard.TestSupport;

/// <summary>What the <see cref="FaultProxy"/> does with one request.</summary>
public enum Fault
{
    /// <summary>Forward it and hand back the answer.</summary>
    Pass,

    /// <summary>Answer 503 RequestLimitExceeded (EC2's throttling) without forwarding.</summary>
    Throttle,

    /// <summary>Answer 500 InternalError without forwarding.</summary>
    ServerError,

    /// <summary>Forward it, then wait longer than any client timeout before answering.</summary>
    Slow,

    /// <summary>Forward it, send the answer's headers and the start of its body, then stall longer than any client timeout.</summary>
    SlowBody,

    /// <summary>Close the connection without forwarding.</summary>
    Drop,

    /// <summary>Forward it (the call takes effect), then close the connection instead of answering.</summary>
    DropAfterForward,
}
