using System.Globalization;
using System.Text.Json;
using Lifeguard.Aws;
using Lifeguard.Aws.Sns;
using Lifeguard.Jobs.Actions;
using Lifeguard.Jobs.Adapters.Queue;
using Lifeguard.Jobs.Domain;
using Lifeguard.Runtime.Events;
using Lifeguard.Runtime.Hosting;
using Lifeguard.Runtime.Metrics;

namespace Lifeguard.Jobs;

/// <summary>
/// One SQS batch, record by record, answered with a partial batch response (a record counts as failed until it has
/// succeeded, and one bad record never fails its neighbours). Every job ends in exactly one status message:
/// <list type="bullet">
/// <item>succeeded: published when its outputs are written;</item>
/// <item>failed for good (a bad message, a missing source, not an image, over a limit or its time limit): moved to the
/// dead-letter queue with its reason and published, on whichever delivery it happens;</item>
/// <item>failed for now (S3 unavailable): SQS delivers it again, and after the last attempt it is moved and published
/// as failed for good. The queue's maxReceiveCount is one more than the attempts, so a last attempt that never
/// answered (timed out, out of memory) is still moved and published by the delivery after it.</item>
/// </list>
/// A job starts only while its time limit still fits before the deadline (with a reserve for putting things in order);
/// the rest are put back at once as new messages that keep their count of attempts, so a deadline does not use up
/// attempts. A job whose limit cannot fit in an invocation at all fails for good naming timeoutSeconds. The job a
/// deadline cut short anyway is made visible again. Each message that has ended is deleted at once, so an invocation
/// that dies later in its batch does not bring it back, and each is claimed before it runs (its visibility set to the
/// job's limit and the reserve): a message already deleted is a copy of one that ended and is neither run nor told
/// again. A dry run (the message's or the invocation's) does the work but writes, publishes, moves and deletes nothing.
/// </summary>
public sealed class JobsHandler(ThumbnailJob thumbnails, PdfJob pdfs, ISnsClient sns, IJobDeliveries queue, JobsOptions options)
{
    private enum Outcome
    {
        Succeeded,
        FailedForGood,
        Retry,
        Interrupted,
        AlreadyEnded,
    }

    public async Task<SqsBatchResponse> HandleAsync(SqsEvent input, InvocationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(context);
        var failures = new List<SqsBatchItemFailure>();
        var (succeeded, failed, ended) = (0, 0, 0);
        // The function's timeout: the batch comes in a few milliseconds after the invocation started.
        var budget = TimeSpan.FromSeconds(Math.Round(context.RemainingTime.TotalSeconds));
        for (var i = 0; i < input.Records.Count; i++)
        {
            // The first job that fits an invocation at all always starts: putting it back would only come round again.
            var job = TryParse(input.Records[i].Body, out var parseError);
            var needs = Limit(job) + options.JobReserve;
            if (cancellationToken.IsCancellationRequested || (i > 0 && context.RemainingTime < needs && needs <= budget))
            {
                var rest = input.Records.Skip(i).ToList();
                context.Logger.Returned(rest.Count);
                context.Metrics.Add("JobsReturned", rest.Count);
                foreach (var record in rest)
                {
                    if (!await RequeueAsync(record, context).ConfigureAwait(false))
                    {
                        failures.Add(new SqsBatchItemFailure(record.MessageId));
                    }
                }

                break;
            }

            switch (await DeliverAsync(input.Records[i], job, parseError, needs, budget, context, cancellationToken).ConfigureAwait(false))
            {
                case Outcome.Succeeded:
                    succeeded++;
                    break;
                case Outcome.FailedForGood:
                    failed++;
                    break;
                case Outcome.AlreadyEnded:
                    ended++;
                    break;
                default:
                    failures.Add(new SqsBatchItemFailure(input.Records[i].MessageId));
                    break;
            }
        }

        context.Metrics.Add("JobsSucceeded", succeeded);
        context.Metrics.Add("JobsFailed", failed);
        context.Metrics.Add("JobsRetried", failures.Count);
        context.Metrics.Add("JobsAlreadyEnded", ended);
        return new SqsBatchResponse { BatchItemFailures = failures };
    }

    /// <summary>The attempts this delivery makes: SQS's receive count, plus those of a copy put back unstarted.</summary>
    public static int Attempt(SqsMessage record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var received = record.Attributes.TryGetValue("ApproximateReceiveCount", out var count) && int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 1;
        var carried = record.MessageAttributes.TryGetValue(SqsJobDeliveries.AttemptsAttribute, out var value) && int.TryParse(value.StringValue, NumberStyles.None, CultureInfo.InvariantCulture, out var c) ? c : 0;
        return received + carried;
    }

    /// <summary>The job's time limit; nothing for a message that is not a job (it is answered at once).</summary>
    private TimeSpan Limit(JobMessage? job) => job is null ? TimeSpan.Zero : TimeSpan.FromSeconds(job.TimeoutSeconds ?? options.JobTimeout.TotalSeconds);

    /// <param name="job">The record's job, or null with <paramref name="parseError"/> saying why it is not one.</param>
    /// <param name="needs">The job's time limit and the reserve.</param>
    /// <param name="budget">The whole invocation's time, as it was when the batch came in.</param>
    private async Task<Outcome> DeliverAsync(SqsMessage record, JobMessage? job, string? parseError, TimeSpan needs, TimeSpan budget, InvocationContext context, CancellationToken cancellationToken)
    {
        var started = context.Time.GetTimestamp();
        var attempt = Attempt(record);
        var dryRun = context.DryRun || job?.DryRun == true;
        if (!dryRun && record.ReceiptHandle is not null && !await ClaimAsync(record, needs, context).ConfigureAwait(false))
        {
            // Deleted already: this delivery is a copy of one that ended (an event delivered or replayed twice).
            context.Logger.AlreadyEnded(job?.Id, record.MessageId);
            return Outcome.AlreadyEnded;
        }

        if (attempt > options.MaxAttempts)
        {
            // The delivery before this one was the last attempt, and it never answered.
            return await GiveUpAsync(record, job, attempt - 1, dryRun, started, context,
                $"attempt {attempt - 1} of {options.MaxAttempts} ended without an answer (the invocation timed out or ran out of memory); it is not tried again.").ConfigureAwait(false);
        }

        if (job is null)
        {
            return await GiveUpAsync(record, null, attempt, dryRun, started, context, parseError!).ConfigureAwait(false);
        }

        var limit = Limit(job);
        if (needs > budget)
        {
            return await GiveUpAsync(record, job, attempt, dryRun, started, context, string.Create(CultureInfo.InvariantCulture,
                $"timeoutSeconds: {limit.TotalSeconds:0} s does not fit in this worker's invocation ({budget.TotalSeconds:0} s, {options.JobReserve.TotalSeconds:0} s of it kept for putting things in order); give at most {Math.Floor((budget - options.JobReserve).TotalSeconds):0}.")).ConfigureAwait(false);
        }

        using var timeout = new CancellationTokenSource(limit, context.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var outputs = job.Type == "image.thumbnails"
                ? await thumbnails.RunAsync(job, dryRun, linked.Token).ConfigureAwait(false)
                : await pdfs.RunAsync(job, dryRun, linked.Token).ConfigureAwait(false);
            var duration = context.Time.GetElapsedTime(started).TotalMilliseconds;
            context.Logger.Succeeded(job.Id, record.MessageId, outputs.Count, duration, dryRun);
            context.Metrics.Add("JobDuration", duration, MetricUnit.Milliseconds);
            if (job.Notify && !dryRun && !await PublishAsync(new JobStatus(job.Id, record.MessageId, job.Type, "succeeded", null, outputs, duration, attempt), context).ConfigureAwait(false))
            {
                // Nobody was told: SQS delivers it again, the job writes the same outputs again and tells then. On
                // the last attempt it is deleted as done (logged and counted), never reported failed by a later delivery.
                if (attempt < options.MaxAttempts)
                {
                    return Outcome.Retry;
                }
            }

            await DeleteAsync(record, dryRun, context).ConfigureAwait(false);
            return Outcome.Succeeded;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The invocation's deadline, not the job's: the job goes back at once and counts as an attempt.
            context.Logger.Interrupted(job.Id, record.MessageId, attempt);
            if (attempt >= options.MaxAttempts)
            {
                return await GiveUpAsync(record, job, attempt, dryRun, started, context,
                    $"attempt {attempt} of {options.MaxAttempts} was cut short by the invocation's deadline; it is not tried again.").ConfigureAwait(false);
            }

            await ReleaseAsync(record, dryRun, context).ConfigureAwait(false);
            return Outcome.Interrupted;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return await GiveUpAsync(record, job, attempt, dryRun, started, context,
                $"the job took longer than its time limit of {limit.TotalSeconds:0} s (timeoutSeconds); it was stopped and is not tried again.").ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is JobRejectedException || ex is AwsApiException { StatusCode: 403 or 404 })
        {
            return await GiveUpAsync(record, job, attempt, dryRun, started, context, ex switch
            {
                AwsApiException { StatusCode: 404 } => $"source s3://{job.Source.Bucket}/{job.Source.Key} does not exist.",
                AwsApiException api => $"the worker may not read or write there ({api.Operation}: {api.ErrorCode}); sources are read under the input prefix, results written under the output prefix.",
                _ => ex.Message,
            }).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            context.Logger.FailedForNow(ex, job.Id, record.MessageId, attempt);
            return attempt >= options.MaxAttempts
                ? await GiveUpAsync(record, job, attempt, dryRun, started, context, $"gave up after {attempt} attempts. Last error: {ex.Message}").ConfigureAwait(false)
                : Outcome.Retry;
        }
    }

    /// <summary>
    /// A job that will not be tried again: kept in the dead-letter queue with its reason, then told. When it cannot be
    /// kept, nothing is told and it stays on its queue: a later delivery tells it.
    /// </summary>
    private async Task<Outcome> GiveUpAsync(SqsMessage record, JobMessage? job, int attempt, bool dryRun, long started, InvocationContext context, string reason)
    {
        context.Logger.FailedForGood(job?.Id, record.MessageId, attempt, reason);
        if (dryRun)
        {
            // Nothing is moved or told; answered as done, so SQS does not retry it into its own redrive either.
            return Outcome.FailedForGood;
        }

        try
        {
            using var cleanup = Cleanup(context);
            await queue.DeadLetterAsync(record, reason, attempt, cleanup.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AwsApiException or InvalidOperationException or OperationCanceledException)
        {
            context.Logger.NotKept(ex, job?.Id, record.MessageId);
            return Outcome.Retry;
        }

        if (job?.Notify != false)
        {
            await PublishAsync(new JobStatus(job?.Id, record.MessageId, job?.Type, "failed", reason, [], context.Time.GetElapsedTime(started).TotalMilliseconds, attempt), context).ConfigureAwait(false);
        }

        await DeleteAsync(record, dryRun, context).ConfigureAwait(false);
        return Outcome.FailedForGood;
    }

    /// <summary>Whether the unstarted record was put back as a new message (else it is answered as failed, visible at once if it can be).</summary>
    private async Task<bool> RequeueAsync(SqsMessage record, InvocationContext context)
    {
        if (context.DryRun || TryParse(record.Body, out _)?.DryRun == true)
        {
            return false;
        }

        try
        {
            using var cleanup = Cleanup(context);
            await queue.RequeueAsync(record, Attempt(record) - 1, cleanup.Token).ConfigureAwait(false);
            await DeleteAsync(record, dryRun: false, context).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is AwsApiException or InvalidOperationException or OperationCanceledException)
        {
            context.Logger.NotRequeued(ex, record.MessageId);
            await ReleaseAsync(record, dryRun: false, context).ConfigureAwait(false);
            return false;
        }
    }

    /// <summary>Whether the message is still this delivery's to run; when SQS cannot say, it is run (never lost).</summary>
    private async Task<bool> ClaimAsync(SqsMessage record, TimeSpan visibility, InvocationContext context)
    {
        try
        {
            using var cleanup = Cleanup(context);
            return await queue.ClaimAsync(record, visibility, cleanup.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AwsApiException or InvalidOperationException or OperationCanceledException)
        {
            context.Logger.NotClaimed(ex, record.MessageId);
            return true;
        }
    }

    /// <summary>Deletes an ended message at once; when that fails, the batch answer lets it go at the end as before.</summary>
    private Task DeleteAsync(SqsMessage record, bool dryRun, InvocationContext context) =>
        OnMessageAsync(record, dryRun, context, queue.DeleteAsync, ex => context.Logger.NotDeleted(ex, record.MessageId));

    /// <summary>Makes a message visible again at once; when that fails, it comes back when its visibility timeout ends.</summary>
    private Task ReleaseAsync(SqsMessage record, bool dryRun, InvocationContext context) =>
        OnMessageAsync(record, dryRun, context, queue.ReleaseAsync, ex => context.Logger.NotReleased(ex, record.MessageId));

    /// <summary>An SQS call on a received message (none in a dry run or for a message typed in by hand), its failure only logged.</summary>
    private static async Task OnMessageAsync(SqsMessage record, bool dryRun, InvocationContext context, Func<SqsMessage, CancellationToken, Task> call, Action<Exception> failed)
    {
        if (dryRun || record.ReceiptHandle is null)
        {
            return;
        }

        try
        {
            using var cleanup = Cleanup(context);
            await call(record, cleanup.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AwsApiException or InvalidOperationException or OperationCanceledException)
        {
            failed(ex);
        }
    }

    /// <summary>A token for putting things in order after the invocation's own has fired: what is left before the deadline, at most 3 s.</summary>
    private static CancellationTokenSource Cleanup(InvocationContext context) =>
        new(TimeSpan.FromTicks(Math.Clamp((context.RemainingTime - TimeSpan.FromMilliseconds(200)).Ticks, TimeSpan.FromMilliseconds(100).Ticks, TimeSpan.FromSeconds(3).Ticks)), context.Time);

    private static JobMessage? TryParse(string body, out string? error)
    {
        error = null;
        JobMessage? job;
        try
        {
            job = JsonSerializer.Deserialize(body, JobsJsonContext.Default.JobMessage);
        }
        catch (JsonException ex)
        {
            error = $"body: {ex.Message}";
            return null;
        }

        if (job is null)
        {
            error = "body: the message is null, not a job.";
            return null;
        }

        var errors = JobRules.Validate(job);
        if (errors.Count > 0)
        {
            error = string.Join(" ", errors);
            return null;
        }

        return job;
    }

    /// <summary>
    /// Whether the status went out (or there is no topic to tell). Only SNS's own refusal counts as not told: after a
    /// timeout or a broken connection it may have gone out, and Publish has no idempotency token to ask again with.
    /// </summary>
    private async Task<bool> PublishAsync(JobStatus status, InvocationContext context)
    {
        if (options.StatusTopicArn is not { } topic)
        {
            return true;
        }

        var message = JsonSerializer.Serialize(status, JobsJsonContext.Default.JobStatus);
        var attributes = new Dictionary<string, string> { ["status"] = status.Status };
        if (status.Type is { } type)
        {
            attributes["type"] = type;
        }

        var published = true;
        await sns.TryPublishAsync(new PublishRequest(topic, message) { MessageAttributes = attributes }, ex =>
        {
            published = ex is not AwsApiException;
            context.Logger.StatusFailed(ex, status.MessageId);
            context.Metrics.Add("JobStatusesNotPublished", 1);
        }).ConfigureAwait(false);
        return published;
    }
}
