using System.Text.Json.Serialization;

namespace Lifeguard.Cdk.Configuration;

/// <summary>The image and PDF workers: their queues, their bucket and how much runs at once.</summary>
public sealed record JobsConfig
{
    [JsonPropertyName("enabled")] public bool Enabled { get; set; } = true;

    /// <summary>An existing bucket to read sources from and write results to; none creates one.</summary>
    [JsonPropertyName("bucketName")] public string? BucketName { get; init; }

    /// <summary>Sources are read only under this prefix.</summary>
    [JsonPropertyName("inputPrefix")] public string InputPrefix { get; init => field = value ?? "uploads/"; } = "uploads/";

    /// <summary>Results are written only under this prefix.</summary>
    [JsonPropertyName("outputPrefix")] public string OutputPrefix { get; init => field = value ?? "results/"; } = "results/";

    /// <summary>
    /// From the jobs bench: the largest source the pixel limit lets through (100 MP) peaks at 798 MiB in a PDF, the
    /// example flyer at 235 MiB; 1769 MB is also where Lambda gives one whole vCPU, which libvips' decoding uses fully.
    /// </summary>
    [JsonPropertyName("memorySizeMb")] public int MemorySizeMb { get; set; } = 1769;

    [JsonPropertyName("timeoutSeconds")] public int TimeoutSeconds { get; set; } = 120;

    [JsonPropertyName("batchSize")] public int BatchSize { get; set; } = 5;

    /// <summary>How many workers the high-priority queue may use at once (2 to 1000).</summary>
    [JsonPropertyName("highMaxConcurrency")] public int HighMaxConcurrency { get; set; } = 10;

    [JsonPropertyName("lowMaxConcurrency")] public int LowMaxConcurrency { get; set; } = 2;

    /// <summary>
    /// Attempts at a job before the worker gives up, moves it to the dead-letter queue and reports it. The queues'
    /// maxReceiveCount is one more, so that a last attempt that never answered is still reported.
    /// </summary>
    [JsonPropertyName("maxAttempts")] public int MaxAttempts { get; set; } = 3;

    /// <summary>A job's time limit unless the job gives its own timeoutSeconds; below the function's timeout.</summary>
    [JsonPropertyName("jobTimeoutSeconds")] public int JobTimeoutSeconds { get; set; } = 60;

    /// <summary>Alarm when the oldest waiting message of a queue is older than this.</summary>
    [JsonPropertyName("oldestMessageAlarmSeconds")] public int OldestMessageAlarmSeconds { get; set; } = 900;
}
