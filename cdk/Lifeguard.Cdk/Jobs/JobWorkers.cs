using System.Globalization;
using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.CloudWatch.Actions;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Lambda.EventSources;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.S3;
using Amazon.CDK.AWS.SNS;
using Amazon.CDK.AWS.SQS;
using Constructs;
using Lifeguard.Aws.Sns;
using Lifeguard.Cdk.Common;
using Lifeguard.Cdk.Configuration;
using static Lifeguard.Cdk.Common.Iam;

namespace Lifeguard.Cdk.Jobs;

/// <summary>
/// The image and PDF workers: a high and a low priority queue, each with its own event-source mapping (partial batch
/// responses; the high one may use more workers), a shared dead-letter queue, the bucket (read under the input prefix,
/// write under the output prefix), a status topic for the application, and alarms to the operators.
/// </summary>
public sealed class JobWorkers : Construct
{
    public JobWorkers(Construct scope, string id, CapabilityProps<JobsConfig> props) : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(props);
        var config = props.Config;
        Bucket = config.BucketName is { } name
            ? Amazon.CDK.AWS.S3.Bucket.FromBucketName(this, "Bucket", name)
            : new Bucket(this, "Bucket", new BucketProps
            {
                Encryption = BucketEncryption.S3_MANAGED,
                BlockPublicAccess = BlockPublicAccess.BLOCK_ALL,
                EnforceSSL = true,
                RemovalPolicy = RemovalPolicy.RETAIN,
            });
        StatusTopic = new Topic(this, "Status", new TopicProps { DisplayName = "Lifeguard job status" });

        var worker = new LifeguardFunction(this, "Worker", new LifeguardFunctionProps
        {
            ProjectName = "Lifeguard.Jobs",
            HandlerName = HandlerName,
            Packager = props.Packager,
            Description = "Lifeguard: image thumbnails and PDFs from SQS jobs",
            MemorySizeMb = config.MemorySizeMb,
            Timeout = Duration.Seconds(config.TimeoutSeconds),
            LogRetention = props.LogRetention,
            // Each invocation's platform.report (its peak memory) is an INFO line; below, a metric filter reads it.
            SystemLogLevel = SystemLogLevel.INFO,
            Environment = new Dictionary<string, string>
            {
                ["LIFEGUARD_STATUS_TOPIC_ARN"] = StatusTopic.TopicArn,
                ["LIFEGUARD_MAX_ATTEMPTS"] = config.MaxAttempts.ToString(CultureInfo.InvariantCulture),
                ["LIFEGUARD_JOB_TIMEOUT_SECONDS"] = config.JobTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
                // As sharp advises on glibc: two malloc arenas, not eight per core, so memory stays flat across warm jobs.
                ["MALLOC_ARENA_MAX"] = "2",
                // libvips decompresses a large image that must be read in random order to a file in /tmp (512 MB on
                // Lambda) above this size; up to the function's memory it stays in memory instead.
                ["VIPS_DISC_THRESHOLD"] = (config.MemorySizeMb * 1024L * 1024L).ToString(CultureInfo.InvariantCulture),
            },
        });
        Function = worker.Function;
        // Lambda's own report of each invocation (platform.report, JSON log format): its peak memory, an invocation
        // killed for running out of memory included (the process can write nothing then).
        WorkerMemory = new MetricFilter(this, "WorkerMemory", new MetricFilterProps
        {
            LogGroup = worker.LogGroup,
            FilterPattern = FilterPattern.StringValue("$.type", "=", "platform.report"),
            MetricNamespace = "Lifeguard",
            MetricName = WorkerMemoryMetric,
            MetricValue = "$.record.metrics.maxMemoryUsedMB",
            Unit = Unit.MEGABYTES,
        });

        DeadLetterQueue = new Queue(this, "DeadLetters", new QueueProps
        {
            Encryption = QueueEncryption.SQS_MANAGED,
            EnforceSSL = true,
            RetentionPeriod = Duration.Days(14),
        });
        Function.AddEnvironment("LIFEGUARD_DEAD_LETTER_QUEUE_URL", DeadLetterQueue.QueueUrl);
        // Jobs that fail for good are moved here by the worker, with their reason as message attributes.
        DeadLetterQueue.GrantSendMessages(Function);
        HighQueue = WorkQueue("High", config.HighMaxConcurrency);
        LowQueue = WorkQueue("Low", config.LowMaxConcurrency);

        var bucketArn = Bucket.BucketArn;
        Function.AddToRolePolicy(Allow(["s3:GetObject"], [$"{bucketArn}/{config.InputPrefix}*"]));
        // Without ListBucket a missing source answers 403, not 404; listing is limited to the input prefix.
        Function.AddToRolePolicy(Allow(["s3:ListBucket"], [bucketArn], new()
        {
            ["StringLike"] = new Dictionary<string, object> { ["s3:prefix"] = new[] { $"{config.InputPrefix}*" } },
        }));
        Function.AddToRolePolicy(Allow(["s3:PutObject"], [$"{bucketArn}/{config.OutputPrefix}*"]));
        StatusTopic.GrantPublish(Function);

        var toOperators = new SnsAction(props.Notifications.Topic);
        void Alert(string id, string description, string runbook, IMetric metric, ComparisonOperator comparison, double threshold) =>
            new Alarm(this, id, new AlarmProps
            {
                AlarmDescription = Alarms.Describe(description, runbook),
                Metric = metric,
                ComparisonOperator = comparison,
                Threshold = threshold,
                EvaluationPeriods = 1,
                TreatMissingData = TreatMissingData.NOT_BREACHING,
            }).AddAlarmAction(toOperators);
        var fiveMinutes = new MetricOptions { Statistic = "Maximum", Period = Duration.Minutes(5) };
        foreach (var (queue, label) in new[] { (HighQueue, "High"), (LowQueue, "Low") })
        {
            Alert($"{label}QueueAge", $"Lifeguard {label.ToLowerInvariant()}-priority jobs wait longer than {config.OldestMessageAlarmSeconds} s", Runbook.JobsWaiting,
                queue.MetricApproximateAgeOfOldestMessage(fiveMinutes), ComparisonOperator.GREATER_THAN_THRESHOLD, config.OldestMessageAlarmSeconds);
        }

        Alert("DeadLetterDepth", "Lifeguard jobs failed for good and are in the dead-letter queue", Runbook.JobsDeadLetters,
            DeadLetterQueue.MetricApproximateNumberOfMessagesVisible(fiveMinutes), ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 1);
        Alert("WorkerErrors", "The Lifeguard job worker failed whole invocations (not single jobs)", Runbook.JobsWorkerErrors,
            Function.MetricErrors(new MetricOptions { Statistic = "Sum", Period = Duration.Minutes(5) }), ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 1);

        Queue WorkQueue(string label, int maxConcurrency)
        {
            var queue = new Queue(this, $"{label}Queue", new QueueProps
            {
                Encryption = QueueEncryption.SQS_MANAGED,
                EnforceSSL = true,
                // AWS's rule for Lambda consumers: at least 6 x the function timeout, so retries of a batch never overlap.
                VisibilityTimeout = Duration.Seconds(6 * config.TimeoutSeconds),
                // One more than the worker's attempts: the delivery after a last attempt that never answered reports it.
                DeadLetterQueue = new DeadLetterQueue { Queue = DeadLetterQueue, MaxReceiveCount = config.MaxAttempts + 1 },
            });
            // Unstarted jobs are put back as new messages when the deadline nears (the mapping's own grant covers
            // ChangeMessageVisibility and GetQueueUrl).
            queue.GrantSendMessages(Function);
            Function.AddEventSource(new SqsEventSource(queue, new SqsEventSourceProps
            {
                BatchSize = config.BatchSize,
                MaxConcurrency = maxConcurrency,
                ReportBatchItemFailures = true,
            }));
            return queue;
        }
    }

    /// <summary>The worker's handler (the jobs package is not referenced here: its native libraries stay out of the CDK app).</summary>
    public const string HandlerName = "jobs";

    public const string WorkerMemoryMetric = "JobsWorkerMaxMemoryUsedMB";

    public IBucket Bucket { get; }

    public MetricFilter WorkerMemory { get; }

    public Topic StatusTopic { get; }

    public Function Function { get; }

    public Queue HighQueue { get; }

    public Queue LowQueue { get; }

    public Queue DeadLetterQueue { get; }
}
