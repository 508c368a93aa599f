using Lifeguard.Aws;
using Lifeguard.Aws.Sns;
using Lifeguard.Jobs.Actions;
using Lifeguard.Jobs.Adapters.Queue;
using Lifeguard.Jobs.Adapters.Images;
using Lifeguard.Jobs.Adapters.Pdf;
using Lifeguard.Jobs.Adapters.Storage;
using Lifeguard.Runtime.Events;
using Lifeguard.Runtime.Hosting;

namespace Lifeguard.Jobs;

/// <summary>Builds the worker from the environment, once per execution environment.</summary>
public static class JobsComposition
{
    public const string HandlerName = "jobs";

    public static void Register(HandlerRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.Add<SqsEvent, SqsBatchResponse>(HandlerName, JobsJsonContext.Default, host => CreateHandler(host).HandleAsync);
    }

    public static JobsHandler CreateHandler(HostServices host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var options = JobsOptions.FromEnvironment(host.Environment);
        var aws = AwsConfiguration.FromEnvironment(host.Environment.GetVariable, host.Time);
        var images = new VipsImageProcessor(new ImageLimits { MaxPixels = options.MaxPixels, MaxFrames = options.MaxFrames });
        var files = new JobFiles(new S3ObjectStore(aws), options.MaxInputBytes);
        return new JobsHandler(new ThumbnailJob(images, files), new PdfJob(new PdfRenderer(FontCatalog.Shipped, images), files), new SnsClient(aws),
            new SqsJobDeliveries(aws, options.DeadLetterQueueUrl), options);
    }
}
