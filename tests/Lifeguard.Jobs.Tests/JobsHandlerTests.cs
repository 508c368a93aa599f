using System.Text.Json;
using Lifeguard.Aws.Sns;
using Lifeguard.Jobs.Adapters.Images;
using Lifeguard.Jobs.Adapters.Pdf;
using Lifeguard.Jobs.Adapters.Storage;
using Lifeguard.Runtime.Events;
using Lifeguard.TestSupport;

namespace Lifeguard.Jobs.Tests;

/// <summary>Batches through the worker with moto's S3 and real images; statuses recorded as they would be published.</summary>
[Trait("Category", "Integration")]
public sealed class JobsHandlerTests(MotoFixture moto) : MotoTest(moto), IDisposable
{
    private readonly TestImages _images = new();
    private readonly RecordingSns _sns = new();

    [Fact]
    public async Task Handle_MixedBatch_ReturnsExactlyTheBadIdsAndWritesTheGoodOnesOutputs()
    {
        await SetupAsync();
        var batch = Batch(
            ("good", ImageJob("entry-1", "photo.jpg")),
            ("malformed", "{\"id\": \"entry-2\", \"type\": "),
            ("invalid", ImageJob("entry-3", "photo.jpg").Replace("\"webp\"", "\"bmp\"", StringComparison.Ordinal)),
            ("missing", ImageJob("entry-4", "nowhere.jpg")),
            ("not-an-image", ImageJob("entry-5", "notes.txt")),
            ("good-too", ImageJob("entry-6", "photo.jpg")));

        var response = await CreateSut().HandleAsync(batch, TestContexts.Create("jobs"), CancellationToken.None);

        Assert.Equal(["malformed", "invalid", "missing", "not-an-image"], response.BatchItemFailures.Select(f => f.ItemIdentifier));
        Assert.Equal("200 150 JPEG", _images.Identify(await ReadAsync("thumbnails/entry-1/small.jpg"), "small.jpg")[..12]);
        Assert.Equal("80 80 WEBP", _images.Identify(await ReadAsync("thumbnails/entry-6/square.webp"), "square.webp")[..10]);
        var statuses = _sns.Statuses();
        Assert.Equal(["good:succeeded", "malformed:failed", "invalid:failed", "missing:failed", "not-an-image:failed", "good-too:succeeded"],
            statuses.Select(s => $"{s.GetProperty("messageId").GetString()}:{s.GetProperty("status").GetString()}"));
        Assert.StartsWith("body: ", Reason(statuses[1]), StringComparison.Ordinal);
        Assert.Equal("outputs[1].format: 'bmp' must be jpeg, png, webp or avif.", Reason(statuses[2]));
        Assert.Equal("source s3://uploads/nowhere.jpg does not exist.", Reason(statuses[3]));
        Assert.StartsWith("the source is not an image libvips can read", Reason(statuses[4]), StringComparison.Ordinal);
        Assert.Equal(2, statuses[0].GetProperty("outputs").GetArrayLength());
        Assert.Empty(await KeysAsync("thumbnails/entry-3/"));
        Assert.Empty(await KeysAsync("thumbnails/entry-5/"));
    }

    [Fact]
    public async Task Handle_RedeliveredJob_WritesIdenticalOutputs()
    {
        await SetupAsync();
        var handler = CreateSut();

        await handler.HandleAsync(Batch(("first", ImageJob("entry-1", "photo.jpg"))), TestContexts.Create("jobs"), CancellationToken.None);
        var first = await ReadAsync("thumbnails/entry-1/small.jpg");
        await handler.HandleAsync(Batch(("first", ImageJob("entry-1", "photo.jpg"))), TestContexts.Create("jobs"), CancellationToken.None);

        Assert.Equal(first, await ReadAsync("thumbnails/entry-1/small.jpg"));
        Assert.Equal(["thumbnails/entry-1/small.jpg", "thumbnails/entry-1/square.webp"], await KeysAsync("thumbnails/"));
    }

    [Fact]
    public async Task Handle_DeadlineReachedMidBatch_ReturnsTheUnstartedIds()
    {
        await SetupAsync();
        using var deadline = new CancellationTokenSource();
        var s3 = new CancelAfterFirstPut(new S3ObjectStore(Moto.Configuration()), deadline);
        var handler = new JobsHandler(s3, new VipsImageProcessor(100_000_000), Pdfs(), _sns, new JobsOptions { StatusTopicArn = "arn:aws:sns:us-east-1:123456789012:status" });

        var response = await handler.HandleAsync(
            Batch(("a", ImageJob("entry-1", "photo.jpg")), ("b", ImageJob("entry-2", "photo.jpg")), ("c", ImageJob("entry-3", "photo.jpg"))),
            TestContexts.Create("jobs"),
            deadline.Token);

        Assert.Equal(["b", "c"], response.BatchItemFailures.Select(f => f.ItemIdentifier));
    }

    [Fact]
    public async Task Handle_PermanentFailureRedelivered_IsReportedOnlyOnTheFirstDelivery()
    {
        await SetupAsync();
        var handler = CreateSut();

        foreach (var receive in new[] { "1", "2", "3" })
        {
            await handler.HandleAsync(Batch(("bad", ImageJob("entry-9", "notes.txt"), receive)), TestContexts.Create("jobs"), CancellationToken.None);
        }

        Assert.Single(_sns.Statuses());
    }

    [Theory]
    [InlineData("sqs-image-job.json", true)]
    [InlineData("sqs-malformed-job.json", false)]
    [InlineData("sqs-pdf-job.json", true)]
    public async Task SampleEvent_AgainstTheDemoBuckets_SucceedsOrFailsAsItShould(string file, bool succeeds)
    {
        await UploadDemoAsync(Path.Combine(RepositoryPaths.Events, "jobs", "flyer-template.json"));
        var input = JsonSerializer.Deserialize(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Events, "jobs", file)), JobsJsonContext.Default.SqsEvent)!;

        var response = await CreateSut().HandleAsync(input, TestContexts.Create("jobs"), CancellationToken.None);

        Assert.Equal(succeeds, response.BatchItemFailures.Count == 0);
        Assert.Equal(succeeds ? "succeeded" : "failed", Assert.Single(_sns.Statuses()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Handle_PdfJob_WritesAPdfThatPopplerAndQpdfAccept()
    {
        await Handle_TemplateAsync("flyer-template.json");

        var pdf = _images.Path("flyer.pdf");
        await File.WriteAllBytesAsync(pdf, await ReadAsync("pdfs/flyer-7/document.pdf", "lifeguard-demo-results"));
        Assert.Contains("No syntax or stream encoding errors found", TestImages.Run("qpdf", ["--check", pdf]), StringComparison.Ordinal);
        var text = Normalize(TestImages.Run("pdftotext", ["-enc", "UTF-8", pdf, "-"]));
        foreach (var expected in new[] { "Grand opening: Café Zoë", "Crème brûlée for €5, all week long", "at Hauptstraße 12.", "lifeguard-demo.example.com" })
        {
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }

        var fonts = TestImages.Run("pdffonts", [pdf]);
        // DejaVuSans-Bold, DejaVuSans, DejaVuSerif, DejaVuSansMono.
        Assert.Equal(4, fonts.Split('\n').Count(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^[A-Z]{6}\+DejaVu\S+\s+CID TrueType\s+Identity-H\s+yes yes yes")));
        // The photo as a JPEG passed through; the PNG logo as Flate pixels with its alpha as a soft mask.
        var images = TestImages.Run("pdfimages", ["-list", pdf]).Split('\n');
        Assert.Single(images, l => l.Contains("jpeg", StringComparison.Ordinal));
        Assert.Single(images, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"\bimage\s+300\s+300\s+rgb\s+3\s+8\s+image\b"));
        Assert.Single(images, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"\bsmask\s+300\s+300\s+gray\s+1\s+8\s+image\b"));
        Assert.Equal("succeeded", Assert.Single(_sns.Statuses()).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("\"key\": \"entries/42.jpg\"", "\"key\": \"entries/gone.jpg\"", "template image s3://lifeguard-demo-uploads/entries/gone.jpg does not exist.")]
    [InlineData("\"lineWidth\": 2 }", "\"lineWidth\": 2, \"colour\": \"#000000\" }", "'colour' could not be mapped")]
    [InlineData("\"size\": 16,", "\"size\": 16, \"font\": \"Comic Sans\",", "pages[0].elements[2].font: 'Comic Sans' is not one of DejaVuSans")]
    [InlineData("\"size\": 32,", "\"size\": 90,", "pages[0].elements[1].text: needs 3 lines at size 90, and its box has room for 0.")]
    public async Task Handle_BadTemplate_FailsWithTheReasonAndWritesNothing(string find, string replace, string reason)
    {
        var template = (await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Events, "jobs", "flyer-template.json"))).Replace(find, replace, StringComparison.Ordinal);
        await File.WriteAllTextAsync(_images.Path("bad.json"), template);

        var response = await Handle_TemplateAsync(_images.Path("bad.json"));

        Assert.Single(response.BatchItemFailures);
        Assert.Contains(reason, Assert.Single(_sns.Statuses()).GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Empty(await KeysAsync("pdfs/", "lifeguard-demo-results"));
    }

    private async Task<SqsBatchResponse> Handle_TemplateAsync(string template)
    {
        await UploadDemoAsync(Path.IsPathRooted(template) ? template : Path.Combine(RepositoryPaths.Events, "jobs", template));
        var input = JsonSerializer.Deserialize(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Events, "jobs", "sqs-pdf-job.json")), JobsJsonContext.Default.SqsEvent)!;
        return await CreateSut().HandleAsync(input, TestContexts.Create("jobs"), CancellationToken.None);
    }

    /// <summary>The demo buckets with the sample events' sources: entries/42.jpg, entries/logo.png and the template.</summary>
    private async Task UploadDemoAsync(string templatePath)
    {
        _images.Convert("-size", "1600x1200", "plasma:fractal", "entry.jpg");
        _images.Convert("-size", "300x300", "radial-gradient:orange-none", "logo.png");
        await Moto.Boto3Async($$"""
            s3 = client("s3")
            for b in ("lifeguard-demo-uploads", "lifeguard-demo-results"):
                s3.create_bucket(Bucket=b)
            s3.put_object(Bucket="lifeguard-demo-uploads", Key="entries/42.jpg", Body=open("{{_images.Path("entry.jpg")}}", "rb").read())
            s3.put_object(Bucket="lifeguard-demo-uploads", Key="entries/logo.png", Body=open("{{_images.Path("logo.png")}}", "rb").read())
            s3.put_object(Bucket="lifeguard-demo-uploads", Key="templates/flyer.json", Body=open("{{templatePath}}", "rb").read())
            out(True)
            """);
    }

    private static string Normalize(string text) => string.Join(' ', text.Split((char[])[' ', '\n', '\r', '\f'], StringSplitOptions.RemoveEmptyEntries));

    private static PdfRenderer Pdfs() => new(FontCatalog.Shipped, new VipsImageProcessor(100_000_000));

    private JobsHandler CreateSut() => new(new S3ObjectStore(Moto.Configuration()), new VipsImageProcessor(100_000_000), Pdfs(), _sns,
        new JobsOptions { StatusTopicArn = "arn:aws:sns:us-east-1:123456789012:status" });

    private async Task SetupAsync()
    {
        _images.Convert("-size", "640x480", "plasma:fractal", "photo.jpg");
        await Moto.Boto3Async($$"""
            s3 = client("s3")
            for b in ("uploads", "results"):
                s3.create_bucket(Bucket=b)
            s3.put_object(Bucket="uploads", Key="photo.jpg", Body=open("{{_images.Path("photo.jpg")}}", "rb").read())
            s3.put_object(Bucket="uploads", Key="notes.txt", Body=b"not a picture")
            out(True)
            """);
    }

    private static string ImageJob(string id, string key) => $$$"""
        {"version":1,"id":"{{{id}}}","type":"image.thumbnails","source":{"bucket":"uploads","key":"{{{key}}}"},
         "outputs":[{"name":"small","width":200,"format":"jpeg","quality":85},{"name":"square","width":80,"height":80,"fit":"cover","format":"webp"}],
         "output":{"bucket":"results","prefix":"thumbnails/"}}
        """;

    private static SqsEvent Batch(params (string Id, string Body)[] records) => Batch(records.Select(r => (r.Id, r.Body, "1")).ToArray());

    private static SqsEvent Batch(params (string Id, string Body, string Receive)[] records) => new()
    {
        Records = [.. records.Select(r => new SqsMessage
        {
            MessageId = r.Id,
            Body = r.Body,
            Attributes = new Dictionary<string, string> { ["ApproximateReceiveCount"] = r.Receive },
        })],
    };

    private async Task<byte[]> ReadAsync(string key, string bucket = "results")
    {
        using var obj = await new S3ObjectStore(Moto.Configuration()).GetObjectAsync(bucket, key, CancellationToken.None);
        using var copy = new MemoryStream();
        await obj.Content.CopyToAsync(copy);
        return copy.ToArray();
    }

    private async Task<string[]> KeysAsync(string prefix, string bucket = "results") => [.. (await Moto.Boto3Async($$"""
        out([o["Key"] for o in client("s3").list_objects_v2(Bucket="{{bucket}}", Prefix="{{prefix}}").get("Contents", [])])
        """)).EnumerateArray().Select(k => k.GetString()!)];

    private static string Reason(JsonElement status) => status.GetProperty("reason").GetString()!;

    public void Dispose() => _images.Dispose();

    private sealed class RecordingSns : ISnsClient
    {
        private readonly List<PublishRequest> _published = [];

        public List<JsonElement> Statuses()
        {
            lock (_published)
            {
                return [.. _published.Select(p => JsonDocument.Parse(p.Message).RootElement)];
            }
        }

        public Task<string> PublishAsync(PublishRequest request, CancellationToken cancellationToken)
        {
            lock (_published)
            {
                _published.Add(request);
            }

            return Task.FromResult("message-id");
        }
    }

    /// <summary>The invocation's deadline token fires as soon as the first job has written an output.</summary>
    private sealed class CancelAfterFirstPut(IObjectStore inner, CancellationTokenSource deadline) : IObjectStore
    {
        public Task<S3Object> GetObjectAsync(string bucket, string key, CancellationToken cancellationToken) => inner.GetObjectAsync(bucket, key, cancellationToken);

        public async Task<string?> PutObjectAsync(PutObjectRequest request, CancellationToken cancellationToken)
        {
            var etag = await inner.PutObjectAsync(request, CancellationToken.None);
            await deadline.CancelAsync();
            return etag;
        }
    }
}
