namespace Lifeguard.Promotion.Domain;

/// <summary>
/// A statement and its parameters (@name). Values, passwords among them, travel as parameters and never into the
/// text, so logs and reports show the text as it is.
/// </summary>
public sealed record SqlStatement(string Text, IReadOnlyDictionary<string, object>? Parameters = null)
{
    public override string ToString() => Text;
}

/// <summary>Waiting for a replica to apply what it received, and how to read the function's answer.</summary>
/// <param name="ZeroOnly">WAIT_FOR_EXECUTED_GTID_SET answers 1 on timeout; the others answer -1 (or NULL on error).</param>
public sealed record RelayWait(SqlStatement Statement, bool ZeroOnly)
{
    public bool Succeeded(long? answer) => answer is { } n && (ZeroOnly ? n == 0 : n >= 0);
}
