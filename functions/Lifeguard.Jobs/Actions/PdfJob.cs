using System.Text.Json;
using Lifeguard.Aws;
using Lifeguard.Jobs.Adapters.Pdf;
using Lifeguard.Jobs.Domain;

namespace Lifeguard.Jobs.Actions;

/// <summary>pdf.render: the template from the source, its images from S3, one document out.</summary>
public sealed class PdfJob(PdfRenderer pdfs, JobFiles files)
{
    public async Task<IReadOnlyList<JobOutput>> RunAsync(JobMessage job, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        PdfTemplate template;
        try
        {
            template = JsonSerializer.Deserialize(await files.ReadAsync(job.Source, cancellationToken).ConfigureAwait(false), JobsJsonContext.Default.PdfTemplate)
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
                return await files.ReadAsync(image, token).ConfigureAwait(false);
            }
            catch (AwsApiException ex) when (ex.StatusCode == 404)
            {
                throw new JobRejectedException($"template image s3://{image.Bucket}/{image.Key} does not exist.", ex);
            }
        }, cancellationToken).ConfigureAwait(false);
        return [await files.WriteAsync(job, "document", "pdf", pdf, null, dryRun, cancellationToken).ConfigureAwait(false)];
    }
}
