using System.Globalization;
using System.Text.Json;
using Lifeguard.Aws;
using Lifeguard.Aws.Sns;
using Lifeguard.Jobs.Adapters.Images;
using Lifeguard.Jobs.Adapters.Pdf;
using Lifeguard.Jobs.Adapters.Storage;
using Lifeguard.Jobs.Domain;
using Lifeguard.Runtime.Events;
using Lifeguard.Runtime.Hosting;
using Lifeguard.Runtime.Metrics;

namespace Lifeguard.Jobs;

/// <summary>
/// One SQS batch, record by record, answered with a partial batch response: a record counts as failed until it has
/// succeeded, one bad record never fails its neighbours, and records not started before the deadline go back to the
/// queue. A job that can never succeed (bad message, missing source, not an image) is reported on its first delivery
/// and left to go to the dead-letter queue; one that fails for now (S3 unavailable) is retried by SQS and reported
/// only if its last delivery fails too. Outputs go to deterministic keys, so a redelivered job rewrites them.
/// </summary>
public sealed class JobsHandler(IObjectStore s3, IImageProcessor images, PdfRenderer pdfs, ISnsClient sns, JobsOptions options)
{
    public async Task<SqsBatchResponse> HandleAsync(SqsEvent input, InvocationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(context);
        var failures = new List<SqsBatchItemFailure>();
        var succeeded = 0;
        for (var i = 0; i < input.Records.Count; i++)
        {
            if (cancellationToken.IsCancellationRequested || context.RemainingTime < options.JobReserve)
            {
                var rest = input.Records.Skip(i).Select(r => new SqsBatchItemFailure(r.MessageId)).ToList();
                context.Logger.Returned(rest.Count);
                context.Metrics.Add("JobsReturned", rest.Count);
                failures.AddRange(rest);
                break;
            }

            if (await RunAsync(input.Records[i], context, cancellationToken).ConfigureAwait(false))
            {
                succeeded++;
            }
            else
            {
                failures.Add(new SqsBatchItemFailure(input.Records[i].MessageId));
            }
        }

        context.Metrics.Add("JobsSucceeded", succeeded);
        context.Metrics.Add("JobsFailed", failures.Count);
        return new SqsBatchResponse { BatchItemFailures = failures };
    }

    /// <summary>Whether the job succeeded.</summary>
    private async Task<bool> RunAsync(SqsMessage record, InvocationContext context, CancellationToken cancellationToken)
    {
        var started = context.Time.GetTimestamp();
        var attempt = record.Attributes.TryGetValue("ApproximateReceiveCount", out var count) && int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 1;
        JobMessage? job = null;
        try
        {
            job = Parse(record.Body);
            var outputs = job.Type switch
            {
                "image.thumbnails" => await ThumbnailsAsync(job, cancellationToken).ConfigureAwait(false),
                _ => await PdfAsync(job, cancellationToken).ConfigureAwait(false),
            };
            var duration = context.Time.GetElapsedTime(started).TotalMilliseconds;
            context.Logger.Succeeded(job.Id, record.MessageId, outputs.Count, duration);
            context.Metrics.Add("JobDuration", duration, MetricUnit.Milliseconds);
            if (job.Notify)
            {
                await PublishAsync(new JobStatus(job.Id, record.MessageId, job.Type, "succeeded", null, outputs, duration, attempt), context).ConfigureAwait(false);
            }

            return true;
        }
        catch (Exception ex) when (ex is JobRejectedException || (ex is AwsApiException { StatusCode: 403 or 404 }))
        {
            var reason = ex switch
            {
                AwsApiException { StatusCode: 404 } => $"source s3://{job?.Source.Bucket}/{job?.Source.Key} does not exist.",
                AwsApiException api => $"the worker may not read or write there ({api.Operation}: {api.ErrorCode}); sources are read under the input prefix, results written under the output prefix.",
                _ => ex.Message,
            };
            context.Logger.FailedForGood(job?.Id, record.MessageId, attempt, reason);
            if (attempt == 1 && job?.Notify != false)
            {
                await PublishAsync(new JobStatus(job?.Id, record.MessageId, job?.Type, "failed", reason, [], context.Time.GetElapsedTime(started).TotalMilliseconds, attempt), context).ConfigureAwait(false);
            }

            return false;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            context.Logger.FailedForNow(ex, job?.Id, record.MessageId, attempt);
            if (attempt >= options.MaxReceiveCount && job?.Notify != false)
            {
                var reason = $"gave up after {attempt} attempts; the message goes to the dead-letter queue. Last error: {ex.Message}";
                await PublishAsync(new JobStatus(job?.Id, record.MessageId, job?.Type, "failed", reason, [], context.Time.GetElapsedTime(started).TotalMilliseconds, attempt), context).ConfigureAwait(false);
            }

            return false;
        }
    }

    private static JobMessage Parse(string body)
    {
        JobMessage job;
        try
        {
            job = JsonSerializer.Deserialize(body, JobsJsonContext.Default.JobMessage) ?? throw new JobRejectedException("body: the message is null, not a job.");
        }
        catch (JsonException ex)
        {
            throw new JobRejectedException($"body: {ex.Message}", ex);
        }

        var errors = JobRules.Validate(job);
        return errors.Count == 0 ? job : throw new JobRejectedException(string.Join(" ", errors));
    }

    private async Task<IReadOnlyList<JobOutput>> ThumbnailsAsync(JobMessage job, CancellationToken cancellationToken)
    {
        var source = await ReadSourceAsync(job.Source, cancellationToken).ConfigureAwait(false);
        var thumbnails = images.Thumbnails(source, job.Outputs);
        var outputs = new List<JobOutput>(thumbnails.Count);
        foreach (var thumbnail in thumbnails)
        {
            var key = JobRules.OutputKey(job, thumbnail.Name, JobRules.Extensions[thumbnail.Format]);
            var contentType = JobRules.ContentTypes[thumbnail.Format];
            await s3.PutObjectAsync(new PutObjectRequest(job.Output.Bucket, key, thumbnail.Content)
            {
                ContentType = contentType,
                Metadata = new Dictionary<string, string> { ["lifeguard-job"] = job.Id },
            }, cancellationToken).ConfigureAwait(false);
            outputs.Add(new JobOutput(thumbnail.Name, job.Output.Bucket, key, contentType, thumbnail.Content.Length, thumbnail.Width, thumbnail.Height));
        }

        return outputs;
    }

    private async Task<IReadOnlyList<JobOutput>> PdfAsync(JobMessage job, CancellationToken cancellationToken)
    {
        PdfTemplate template;
        try
        {
            template = JsonSerializer.Deserialize(await ReadSourceAsync(job.Source, cancellationToken).ConfigureAwait(false), JobsJsonContext.Default.PdfTemplate)
                ?? throw new JobRejectedException("template: the source is null, not a template.");
        }
        catch (JsonException ex)
        {
            throw new JobRejectedException($"template s3://{job.Source.Bucket}/{job.Source.Key}: {ex.Message}", ex);
        }

        var errors = PdfTemplateRules.Validate(template, FontCatalog.Names);
        if (errors.Count > 0)
        {
            throw new JobRejectedException($"template s3://{job.Source.Bucket}/{job.Source.Key}: {string.Join(" ", errors)}");
        }

        var pdf = await pdfs.RenderAsync(template, async (bucket, key, token) =>
        {
            var image = new S3Location { Bucket = bucket ?? job.Source.Bucket, Key = key };
            try
            {
                return await ReadSourceAsync(image, token).ConfigureAwait(false);
            }
            catch (AwsApiException ex) when (ex.StatusCode == 404)
            {
                throw new JobRejectedException($"template image s3://{image.Bucket}/{image.Key} does not exist.", ex);
            }
        }, cancellationToken).ConfigureAwait(false);
        var key = JobRules.OutputKey(job, "document", "pdf");
        await s3.PutObjectAsync(new PutObjectRequest(job.Output.Bucket, key, pdf)
        {
            ContentType = "application/pdf",
            Metadata = new Dictionary<string, string> { ["lifeguard-job"] = job.Id },
        }, cancellationToken).ConfigureAwait(false);
        return [new JobOutput("document", job.Output.Bucket, key, "application/pdf", pdf.Length, null, null)];
    }

    /// <summary>The whole source, refused when it is larger than the byte limit (by its length, or while reading when the length is not given).</summary>
    private async Task<byte[]> ReadSourceAsync(S3Location source, CancellationToken cancellationToken)
    {
        using var obj = await s3.GetObjectAsync(source.Bucket, source.Key, cancellationToken).ConfigureAwait(false);
        if (obj.Info.ContentLength > options.MaxInputBytes)
        {
            throw new JobRejectedException($"source s3://{source.Bucket}/{source.Key} is {obj.Info.ContentLength:N0} bytes, over the limit of {options.MaxInputBytes:N0}.");
        }

        using var buffer = new MemoryStream(obj.Info.ContentLength is { } length ? (int)length : 0);
        var chunk = new byte[81920];
        int read;
        while ((read = await obj.Content.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > options.MaxInputBytes)
            {
                throw new JobRejectedException($"source s3://{source.Bucket}/{source.Key} is over the limit of {options.MaxInputBytes:N0} bytes.");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private async Task PublishAsync(JobStatus status, InvocationContext context)
    {
        if (options.StatusTopicArn is not { } topic)
        {
            return;
        }

        var message = JsonSerializer.Serialize(status, JobsJsonContext.Default.JobStatus);
        var attributes = new Dictionary<string, string> { ["status"] = status.Status };
        if (status.Type is { } type)
        {
            attributes["type"] = type;
        }

        await sns.TryPublishAsync(new PublishRequest(topic, message) { MessageAttributes = attributes }, ex => context.Logger.StatusFailed(ex, status.MessageId)).ConfigureAwait(false);
    }
}
