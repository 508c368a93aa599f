using Lifeguard.Jobs.Adapters.Storage;
using Lifeguard.Jobs.Domain;

namespace Lifeguard.Jobs.Actions;

/// <summary>A job's reads and writes in S3: sources within the byte limit, outputs at their fixed keys (none in a dry run).</summary>
public sealed class JobFiles(IObjectStore s3, long maxInputBytes)
{
    /// <summary>The whole source, refused when it is larger than the byte limit (by its length, or while reading when the length is not given).</summary>
    public async Task<byte[]> ReadAsync(S3Location source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        using var obj = await s3.GetObjectAsync(source.Bucket, source.Key, cancellationToken).ConfigureAwait(false);
        if (obj.Info.ContentLength > maxInputBytes)
        {
            throw new JobRejectedException($"source s3://{source.Bucket}/{source.Key} is {obj.Info.ContentLength:N0} bytes, over the limit of {maxInputBytes:N0}.");
        }

        using var buffer = new MemoryStream(obj.Info.ContentLength is { } length ? (int)length : 0);
        var chunk = new byte[81920];
        int read;
        while ((read = await obj.Content.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxInputBytes)
            {
                throw new JobRejectedException($"source s3://{source.Bucket}/{source.Key} is over the limit of {maxInputBytes:N0} bytes.");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>Writes one output at its fixed key (a redelivered job writes the same object again); a dry run only says where.</summary>
    public async Task<JobOutput> WriteAsync(JobMessage job, string name, string format, byte[] content, (int Width, int Height)? size, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(content);
        var key = JobRules.OutputKey(job, name, JobRules.Extensions[format]);
        var contentType = JobRules.ContentTypes[format];
        if (!dryRun)
        {
            await s3.PutObjectAsync(new PutObjectRequest(job.Output.Bucket, key, content)
            {
                ContentType = contentType,
                Metadata = new Dictionary<string, string> { ["lifeguard-job"] = job.Id },
            }, cancellationToken).ConfigureAwait(false);
        }

        return new JobOutput(name, job.Output.Bucket, key, contentType, content.Length, size?.Width, size?.Height);
    }
}
