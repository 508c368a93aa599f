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

    /// <summary>
    /// Attempts at a job: after the last one fails it is reported and moved to the dead-letter queue by the worker.
    /// The queue's own maxReceiveCount is one more, so that a last attempt that never answered (timed out, out of
    /// memory) is still reported by the delivery after it.
    /// </summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>Where jobs that failed for good are kept, with their reason, for a redrive.</summary>
    public string? DeadLetterQueueUrl { get; init; }

    /// <summary>A job's time limit unless it gives its own timeoutSeconds.</summary>
    public TimeSpan JobTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Frames an animated output may keep.</summary>
    public int MaxFrames { get; init; } = 100;

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
            MaxAttempts = (int)environment.GetNumber("LIFEGUARD_MAX_ATTEMPTS", 3, 1, 999),
            DeadLetterQueueUrl = environment.GetVariable("LIFEGUARD_DEAD_LETTER_QUEUE_URL"),
            JobTimeout = TimeSpan.FromSeconds(environment.GetNumber("LIFEGUARD_JOB_TIMEOUT_SECONDS", 60, 1, 900)),
            MaxFrames = (int)environment.GetNumber("LIFEGUARD_MAX_FRAMES", 100, 1, 10_000),
            JobReserve = TimeSpan.FromSeconds(environment.GetNumber("LIFEGUARD_JOB_RESERVE_SECONDS", 10, 0, 600)),
        };
    }
}
