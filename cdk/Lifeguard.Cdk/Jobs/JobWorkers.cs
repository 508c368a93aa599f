using System.Globalization;
using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.CloudWatch.Actions;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Lambda.EventSources;
using Amazon.CDK.AWS.S3;
using Amazon.CDK.AWS.SNS;
using Amazon.CDK.AWS.SQS;
using Constructs;
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

        Function = new LifeguardFunction(this, "Worker", new LifeguardFunctionProps
        {
            ProjectName = "Lifeguard.Jobs",
            HandlerName = "jobs",
            Packager = props.Packager,
            Description = "Lifeguard: image thumbnails and PDFs from SQS jobs",
            MemorySizeMb = config.MemorySizeMb,
            Timeout = Duration.Seconds(config.TimeoutSeconds),
            LogRetention = props.LogRetention,
            Environment = new Dictionary<string, string>
            {
                ["LIFEGUARD_STATUS_TOPIC_ARN"] = StatusTopic.TopicArn,
                ["LIFEGUARD_MAX_RECEIVE_COUNT"] = config.MaxReceiveCount.ToString(CultureInfo.InvariantCulture),
            },
        }).Function;

        DeadLetterQueue = new Queue(this, "DeadLetters", new QueueProps
        {
            Encryption = QueueEncryption.SQS_MANAGED,
            EnforceSSL = true,
            RetentionPeriod = Duration.Days(14),
        });
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

        var alarm = new SnsAction(props.Notifications.Topic);
        foreach (var (queue, label) in new[] { (HighQueue, "High"), (LowQueue, "Low") })
        {
            new Alarm(this, $"{label}QueueAge", new AlarmProps
            {
                AlarmDescription = $"Lifeguard {label.ToLowerInvariant()}-priority jobs wait longer than {config.OldestMessageAlarmSeconds} s",
                Metric = queue.MetricApproximateAgeOfOldestMessage(new MetricOptions { Statistic = "Maximum", Period = Duration.Minutes(5) }),
                ComparisonOperator = ComparisonOperator.GREATER_THAN_THRESHOLD,
                Threshold = config.OldestMessageAlarmSeconds,
                EvaluationPeriods = 1,
                TreatMissingData = TreatMissingData.NOT_BREACHING,
            }).AddAlarmAction(alarm);
        }

        new Alarm(this, "DeadLetterDepth", new AlarmProps
        {
            AlarmDescription = "Lifeguard jobs failed for good and are in the dead-letter queue",
            Metric = DeadLetterQueue.MetricApproximateNumberOfMessagesVisible(new MetricOptions { Statistic = "Maximum", Period = Duration.Minutes(5) }),
            ComparisonOperator = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            Threshold = 1,
            EvaluationPeriods = 1,
            TreatMissingData = TreatMissingData.NOT_BREACHING,
        }).AddAlarmAction(alarm);
        new Alarm(this, "WorkerErrors", new AlarmProps
        {
            AlarmDescription = "The Lifeguard job worker failed whole invocations (not single jobs)",
            Metric = Function.MetricErrors(new MetricOptions { Statistic = "Sum", Period = Duration.Minutes(5) }),
            ComparisonOperator = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            Threshold = 1,
            EvaluationPeriods = 1,
            TreatMissingData = TreatMissingData.NOT_BREACHING,
        }).AddAlarmAction(alarm);

        Queue WorkQueue(string label, int maxConcurrency)
        {
            var queue = new Queue(this, $"{label}Queue", new QueueProps
            {
                Encryption = QueueEncryption.SQS_MANAGED,
                EnforceSSL = true,
                // AWS's rule for Lambda consumers: at least 6 x the function timeout, so retries of a batch never overlap.
                VisibilityTimeout = Duration.Seconds(6 * config.TimeoutSeconds),
                DeadLetterQueue = new DeadLetterQueue { Queue = DeadLetterQueue, MaxReceiveCount = config.MaxReceiveCount },
            });
            Function.AddEventSource(new SqsEventSource(queue, new SqsEventSourceProps
            {
                BatchSize = config.BatchSize,
                MaxConcurrency = maxConcurrency,
                ReportBatchItemFailures = true,
            }));
            return queue;
        }
    }

    public IBucket Bucket { get; }

    public Topic StatusTopic { get; }

    public Function Function { get; }

    public Queue HighQueue { get; }

    public Queue LowQueue { get; }

    public Queue DeadLetterQueue { get; }
}
