namespace Lifeguard.Runtime.Hosting;

/// <summary>Where the host reads its environment and writes its output; the defaults are the real process.</summary>
public sealed record LambdaHostOptions
{
    public IHostEnvironment Environment { get; init; } = ProcessEnvironment.Instance;

    /// <summary>Log and metric lines (stdout in Lambda, where CloudWatch Logs picks them up).</summary>
    public TextWriter Log { get; init; } = Console.Out;

    /// <summary>The JSON result of a local `invoke` (stdout, so it can be piped).</summary>
    public TextWriter Result { get; init; } = Console.Out;

    /// <summary>Usage and error text of a local `invoke`, and its log lines, kept off the result stream.</summary>
    public TextWriter Error { get; init; } = Console.Error;

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
