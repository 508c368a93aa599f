using System.Text.Json;
using Amazon.CDK;
using Amazon.CDK.Assertions;
using Lifeguard.Cdk.Common;
using Lifeguard.Cdk.Configuration;
using Lifeguard.Cdk.Jobs;

namespace Lifeguard.Cdk.Tests.Jobs;

public sealed class JobWorkersTests
{
    [Fact]
    public void JobWorkers_WorkerMemory_ComesFromLambdasReportOfEachInvocation()
    {
        var template = Template.FromStack(CreateSut(new JobsConfig()));

        // Lambda writes platform.report even for an invocation killed out of memory, which can write nothing itself.
        template.HasResourceProperties("AWS::Logs::MetricFilter", new Dictionary<string, object>
        {
            ["FilterPattern"] = "{ $.type = \"platform.report\" }",
            ["MetricTransformations"] = new object[]
            {
                new Dictionary<string, object>
                {
                    ["MetricNamespace"] = "Lifeguard",
                    ["MetricName"] = JobWorkers.WorkerMemoryMetric,
                    ["MetricValue"] = "$.record.metrics.maxMemoryUsedMB",
                    ["Unit"] = "Megabytes",
                },
            },
        });
        template.HasResourceProperties("AWS::Lambda::Function", new Dictionary<string, object>
        {
            ["LoggingConfig"] = Match.ObjectLike(new Dictionary<string, object> { ["LogFormat"] = "JSON", ["SystemLogLevel"] = "INFO" }),
        });
    }

    [Fact]
    public void JobWorkers_Queues_EncryptedWithADeadLetterQueueAndSixTimesTheTimeout()
    {
        var template = Template.FromStack(CreateSut(new JobsConfig { TimeoutSeconds = 120, MaxAttempts = 4 }));

        template.ResourceCountIs("AWS::SQS::Queue", 3);
        template.HasResourceProperties("AWS::SQS::Queue", new Dictionary<string, object>
        {
            ["VisibilityTimeout"] = 720,
            ["SqsManagedSseEnabled"] = true,
            ["RedrivePolicy"] = Match.ObjectLike(new Dictionary<string, object> { ["maxReceiveCount"] = 5 }),
        });
        template.HasResourceProperties("AWS::SQS::Queue", new Dictionary<string, object> { ["MessageRetentionPeriod"] = 1_209_600 });
    }

    [Fact]
    public void JobWorkers_Mappings_OnePerQueueWithPartialBatchResponsesAndMoreWorkersForHigh()
    {
        var template = Template.FromStack(CreateSut(new JobsConfig { HighMaxConcurrency = 12, LowMaxConcurrency = 3, BatchSize = 4 }));

        template.ResourceCountIs("AWS::Lambda::EventSourceMapping", 2);
        foreach (var concurrency in new[] { 12, 3 })
        {
            template.HasResourceProperties("AWS::Lambda::EventSourceMapping", new Dictionary<string, object>
            {
                ["BatchSize"] = 4,
                ["FunctionResponseTypes"] = new[] { "ReportBatchItemFailures" },
                ["ScalingConfig"] = new Dictionary<string, object> { ["MaximumConcurrency"] = concurrency },
            });
        }
    }

    [Fact]
    public void JobWorkers_Function_KeepsMemoryFlatAndImagesOffTheDiscAndCanKeepFailedJobs()
    {
        var template = Template.FromStack(CreateSut(new JobsConfig { MemorySizeMb = 2048, MaxAttempts = 2 }));

        template.HasResourceProperties("AWS::Lambda::Function", new Dictionary<string, object>
        {
            ["Environment"] = new Dictionary<string, object>
            {
                ["Variables"] = Match.ObjectLike(new Dictionary<string, object>
                {
                    ["MALLOC_ARENA_MAX"] = "2",
                    ["VIPS_DISC_THRESHOLD"] = "2147483648",
                    ["LIFEGUARD_MAX_ATTEMPTS"] = "2",
                    ["LIFEGUARD_JOB_TIMEOUT_SECONDS"] = "60",
                    ["LIFEGUARD_DEAD_LETTER_QUEUE_URL"] = Match.AnyValue(),
                }),
            },
        });
        template.HasResourceProperties("AWS::SQS::Queue", new Dictionary<string, object>
        {
            ["RedrivePolicy"] = Match.ObjectLike(new Dictionary<string, object> { ["maxReceiveCount"] = 3 }),
        });
        var send = template.PolicyStatements().Where(s => s.Contains("sqs:SendMessage", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, send.Count); // the dead-letter queue and both work queues, each by its own ARN
    }

    [Fact]
    public void JobWorkers_Function_DefaultMemoryIsTheBenchmarksChoice()
    {
        var template = Template.FromStack(CreateSut(new JobsConfig()));

        template.HasResourceProperties("AWS::Lambda::Function", new Dictionary<string, object> { ["MemorySize"] = 1769, ["Timeout"] = 120 });
    }

    [Fact]
    public void JobWorkers_Bucket_ReadOnlyUnderInputsAndWriteOnlyUnderOutputs()
    {
        var statements = Template.FromStack(CreateSut(new JobsConfig { BucketName = "my-app-media" })).PolicyStatements();

        var get = Assert.Single(statements, s => s.Contains("s3:GetObject", StringComparison.Ordinal));
        Assert.Contains("my-app-media/uploads/*", get, StringComparison.Ordinal);
        var put = Assert.Single(statements, s => s.Contains("s3:PutObject", StringComparison.Ordinal));
        Assert.Contains("my-app-media/results/*", put, StringComparison.Ordinal);
        Assert.DoesNotContain(statements, s => s.Contains("s3:DeleteObject", StringComparison.Ordinal) || s.Contains("\"s3:*\"", StringComparison.Ordinal));
        Assert.Contains(statements, s => s.Contains("s3:ListBucket", StringComparison.Ordinal) && s.Contains("uploads/*", StringComparison.Ordinal));
    }

    [Fact]
    public void JobWorkers_NoBucketNamed_CreatesAPrivateEncryptedOne()
    {
        var template = Template.FromStack(CreateSut(new JobsConfig()));

        template.HasResourceProperties("AWS::S3::Bucket", new Dictionary<string, object>
        {
            ["PublicAccessBlockConfiguration"] = new Dictionary<string, object> { ["BlockPublicAcls"] = true, ["BlockPublicPolicy"] = true, ["IgnorePublicAcls"] = true, ["RestrictPublicBuckets"] = true },
            ["BucketEncryption"] = Match.AnyValue(),
        });
    }

    [Fact]
    public void JobWorkers_Alarms_QueueAgeDeadLettersAndErrorsToTheOperators()
    {
        var template = Template.FromStack(CreateSut(new JobsConfig { OldestMessageAlarmSeconds = 600 }));

        template.ResourceCountIs("AWS::CloudWatch::Alarm", 4);
        template.HasResourceProperties("AWS::CloudWatch::Alarm", new Dictionary<string, object> { ["MetricName"] = "ApproximateAgeOfOldestMessage", ["Threshold"] = 600 });
        template.HasResourceProperties("AWS::CloudWatch::Alarm", new Dictionary<string, object> { ["MetricName"] = "ApproximateNumberOfMessagesVisible", ["Threshold"] = 1 });
        template.HasResourceProperties("AWS::CloudWatch::Alarm", new Dictionary<string, object> { ["MetricName"] = "Errors", ["AlarmActions"] = Match.AnyValue() });
    }

    [Fact]
    public void LifeguardConfig_BadJobsSection_NamesEachField()
    {
        var config = new LifeguardConfig
        {
            StackName = "Lifeguard",
            Jobs = new JobsConfig { BucketName = "Bad_Bucket", InputPrefix = "media/", OutputPrefix = "media/", HighMaxConcurrency = 2, LowMaxConcurrency = 5, TimeoutSeconds = 5 },
        };

        var errors = config.Validate();

        Assert.Contains("jobs.bucketName: 'Bad_Bucket' is not an S3 bucket name.", errors);
        Assert.Contains(errors, e => e.StartsWith("jobs.outputPrefix: must not overlap", StringComparison.Ordinal));
        Assert.Contains("jobs.timeoutSeconds: 5 must be from 10 to 900.", errors);
        Assert.Contains(errors, e => e.StartsWith("jobs.highMaxConcurrency: 2 is below", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(60, 70, true)]
    [InlineData(61, 70, false)]
    public void LifeguardConfig_JobTimeout_LeavesTenSecondsOfTheInvocation(int jobTimeout, int timeout, bool valid)
    {
        var config = new LifeguardConfig { StackName = "Lifeguard", Jobs = new JobsConfig { JobTimeoutSeconds = jobTimeout, TimeoutSeconds = timeout } };

        var errors = config.Validate().Where(e => e.StartsWith("jobs.jobTimeoutSeconds", StringComparison.Ordinal)).ToList();

        Assert.Equal(valid, errors.Count == 0);
    }

    private static Stack CreateSut(JobsConfig config) =>
        TestStackExtensions.WithCapability(config, (stack, props) => _ = new JobWorkers(stack, "Jobs", props));
}
