namespace Lifeguard.Bench.ColdStart;

/// <summary>
/// One function's first invocation: its package, the handler it runs, the event, what its environment says, and a piece
/// of the answer that shows the work was done (a run that answers otherwise is reported, not measured as a success).
/// </summary>
internal sealed record ColdStartScenario(
    string Project,
    string Handler,
    string Invocation,
    string Event,
    IReadOnlyDictionary<string, string?> Environment,
    string Expected,
    double? TargetMs);
