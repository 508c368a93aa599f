using Lifeguard.Aws;
using Lifeguard.Aws.Sns;
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
        var images = new VipsImageProcessor(options.MaxPixels);
        return new JobsHandler(new S3ObjectStore(aws), images, new PdfRenderer(FontCatalog.Shipped, images), new SnsClient(aws), options);
    }
}
