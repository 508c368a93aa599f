using Lifeguard.Jobs.Adapters.Images;
using Lifeguard.Jobs.Domain;

namespace Lifeguard.Jobs.Actions;

/// <summary>image.thumbnails: every output from one read of the source.</summary>
public sealed class ThumbnailJob(IImageProcessor images, JobFiles files)
{
    public async Task<IReadOnlyList<JobOutput>> RunAsync(JobMessage job, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var source = await files.ReadAsync(job.Source, cancellationToken).ConfigureAwait(false);
        var thumbnails = images.Thumbnails(source, job.Outputs, cancellationToken);
        var outputs = new List<JobOutput>(thumbnails.Count);
        foreach (var thumbnail in thumbnails)
        {
            outputs.Add(await files.WriteAsync(job, thumbnail.Name, thumbnail.Format, thumbnail.Content, (thumbnail.Width, thumbnail.Height), dryRun, cancellationToken).ConfigureAwait(false));
        }

        return outputs;
    }
}
