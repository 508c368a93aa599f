namespace Lifeguard.Aws.Ssm;

/// <param name="Status">Run Command's final status: `Success`, `Failed`, `TimedOut`, `Cancelled`, or `Unfinished` when it was not waited out.</param>
/// <param name="ExitCode">The script's exit code, when it ended by itself.</param>
/// <param name="Output">Its standard output and then standard error, as Run Command keeps them (the last 24,000 characters of each).</param>
public sealed record CommandResult(string Status, int? ExitCode, string Output)
{
    public bool Succeeded => Status == "Success" && ExitCode is null or 0;
}
