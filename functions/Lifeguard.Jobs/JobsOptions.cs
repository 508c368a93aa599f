using Lifeguard.Runtime.Hosting;

namespace Lifeguard.Jobs;

/// <summary>The workers' settings, from the environment the CDK construct sets; each error names its variable.</summary>
public sealed record JobsOptions
{
    /// <summary>Where job statuses go (the web app subscribes); none means statuses are only logged.</summary>
    public string? StatusTopicArn { get; init; }

    /// <summary>Sources larger than this are refused before they are read.</summary>
    public long MaxInputBytes { get; init; } = 50 * 1024 * 1024;

    /// <summary>Images with more pixels than this are refused from their header (decompression bombs).</summary>
    public long MaxPixels { get; init; } = 100_000_000;

    /// <summary>The queue's maxReceiveCount: on the last receive a job that keeps failing is reported before it goes to the dead-letter queue.</summary>
    public int MaxReceiveCount { get; init; } = 3;

    /// <summary>No job is started with less time than this left; the rest of the batch goes back to the queue.</summary>
    public TimeSpan JobReserve { get; init; } = TimeSpan.FromSeconds(10);

    public static JobsOptions FromEnvironment(IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return new JobsOptions
        {
            StatusTopicArn = environment.GetVariable("LIFEGUARD_STATUS_TOPIC_ARN"),
            MaxInputBytes = (long)environment.GetNumber("LIFEGUARD_MAX_INPUT_BYTES", 50 * 1024 * 1024, 1, 1L << 32),
            MaxPixels = (long)environment.GetNumber("LIFEGUARD_MAX_PIXELS", 100_000_000, 1, 1L << 40),
            MaxReceiveCount = (int)environment.GetNumber("LIFEGUARD_MAX_RECEIVE_COUNT", 3, 1, 1000),
            JobReserve = TimeSpan.FromSeconds(environment.GetNumber("LIFEGUARD_JOB_RESERVE_SECONDS", 10, 0, 600)),
        };
    }
}
