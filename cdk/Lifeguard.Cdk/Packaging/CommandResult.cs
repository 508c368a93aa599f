namespace Lifeguard.Cdk.Packaging;

/// <summary>What a finished tool run left: its exit code and everything it wrote.</summary>
public sealed record CommandResult(int ExitCode, string Output, string Error);
