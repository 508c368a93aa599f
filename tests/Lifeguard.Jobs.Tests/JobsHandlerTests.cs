using System.Text.Json;
using Lifeguard.Aws;
using Lifeguard.Aws.Sns;
using Lifeguard.Jobs.Actions;
using Lifeguard.Jobs.Adapters.Queue;
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
    public async Task Handle_MixedBatch_KeepsTheBadOnesInTheDeadLetterQueueAndWritesTheGoodOnesOutputs()
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

        // Failed for good: moved to the dead-letter queue with the reason, so the batch answer lets them go.
        Assert.Empty(response.BatchItemFailures);
        Assert.Equal("200 150 JPEG", _images.Identify(await ReadAsync("thumbnails/entry-1/small.jpg"), "small.jpg")[..12]);
        Assert.Equal("80 80 WEBP", _images.Identify(await ReadAsync("thumbnails/entry-6/square.webp"), "square.webp")[..10]);
        var statuses = _sns.Statuses();
        Assert.Equal(["good:succeeded", "malformed:failed", "invalid:failed", "missing:failed", "not-an-image:failed", "good-too:succeeded"],
            statuses.Select(s => $"{s.GetProperty("messageId").GetString()}:{s.GetProperty("status").GetString()}"));
        Assert.StartsWith("body: ", Reason(statuses[1]), StringComparison.Ordinal);
        Assert.Equal("outputs[1].format: 'bmp' must be jpeg, png, webp, avif or gif.", Reason(statuses[2]));
        Assert.Equal("source s3://uploads/nowhere.jpg does not exist.", Reason(statuses[3]));
        Assert.StartsWith("the source is not an image libvips can read", Reason(statuses[4]), StringComparison.Ordinal);
        Assert.Equal(2, statuses[0].GetProperty("outputs").GetArrayLength());
        var kept = await DeadLettersAsync();
        Assert.Equal(4, kept.Count);
        Assert.Contains(kept, k => k.Reason == "source s3://uploads/nowhere.jpg does not exist." && k.Body.Contains("entry-4", StringComparison.Ordinal));
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
    public async Task Handle_DeadlineInTheMiddleOfAJob_KeepsTheFinishedOneAndPutsTheRestBackAtOnce()
    {
        await SetupAsync();
        using var deadline = new CancellationTokenSource();
        // The deadline fires while the second job reads its source.
        var s3 = new Interfering(new S3ObjectStore(Moto.Configuration()), get: call => call == 2 ? deadline.CancelAsync() : Task.CompletedTask);
        var batch = await ReceiveAsync(ImageJob("entry-1", "photo.jpg"), ImageJob("entry-2", "photo.jpg"), ImageJob("entry-3", "photo.jpg"));

        var response = await CreateSut(s3).HandleAsync(batch, TestContexts.Create("jobs"), deadline.Token);

        // The job cut short is answered as failed and visible again at once; the unstarted one was put back as a new
        // message (so the answer lets the original go) that keeps its count of attempts.
        Assert.Equal([batch.Records[1].MessageId], response.BatchItemFailures.Select(f => f.ItemIdentifier));
        Assert.Single(_sns.Statuses());
        var waiting = await WaitingAsync();
        Assert.Equal(2, waiting.Count);
        Assert.Contains(waiting, w => w.Body.Contains("entry-2", StringComparison.Ordinal) && w.Attempts is null);
        Assert.Contains(waiting, w => w.Body.Contains("entry-3", StringComparison.Ordinal) && w.Attempts == "0");
    }

    [Fact]
    public async Task Handle_EndedMessages_AreDeletedAtOnceSoADyingInvocationDoesNotBringThemBack()
    {
        await SetupAsync();
        var inFlight = new List<int>();
        // Before each read, how many of the batch SQS still holds: the ended ones must be gone already.
        var s3 = new Interfering(new S3ObjectStore(Moto.Configuration()), get: async _ => inFlight.Add(await InFlightAsync()));
        var batch = await ReceiveAsync(ImageJob("entry-1", "photo.jpg"), ImageJob("entry-2", "notes.txt"), ImageJob("entry-3", "photo.jpg"));

        var response = await CreateSut(s3).HandleAsync(batch, TestContexts.Create("jobs"), CancellationToken.None);

        Assert.Empty(response.BatchItemFailures);
        Assert.Equal([3, 2, 1], inFlight); // one succeeded, one kept in the dead-letter queue, each deleted as it ended
        Assert.Equal(0, await InFlightAsync());
    }

    [Fact]
    public async Task Handle_SameEventTwice_TheCopyIsNeitherRunNorToldAgain()
    {
        await SetupAsync();
        var counting = new Interfering(new S3ObjectStore(Moto.Configuration()));
        var batch = await ReceiveAsync(ImageJob("entry-1", "photo.jpg"), ImageJob("entry-2", "notes.txt"));

        await CreateSut(counting).HandleAsync(batch, TestContexts.Create("jobs"), CancellationToken.None);
        var again = await CreateSut(counting).HandleAsync(batch, TestContexts.Create("jobs"), CancellationToken.None);

        Assert.Empty(again.BatchItemFailures);
        Assert.Equal(2, counting.Gets); // each source read once, by the first delivery
        Assert.Equal(2, _sns.Statuses().Count);
        Assert.Single(await DeadLettersAsync());
    }

    [Fact]
    public async Task Handle_JobWhoseLimitNoLongerFitsBeforeTheDeadline_GoesBackUnstartedWithoutUsingAnAttempt()
    {
        await SetupAsync();
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(TimeProvider.System.GetUtcNow());
        // 100 s for the batch; the first job's read takes 35 s, leaving 65 s: less than the next job's 60 s and the 10 s reserve.
        var s3 = new Interfering(new S3ObjectStore(Moto.Configuration()), get: call =>
        {
            if (call == 1)
            {
                clock.Advance(TimeSpan.FromSeconds(35));
            }

            return Task.CompletedTask;
        });
        var batch = await ReceiveAsync(ImageJob("entry-1", "photo.jpg"), ImageJob("entry-2", "photo.jpg"));

        var response = await CreateSut(s3).HandleAsync(batch, TestContexts.Create("jobs", budget: TimeSpan.FromSeconds(100), time: clock), CancellationToken.None);

        Assert.Empty(response.BatchItemFailures);
        Assert.Equal(1, s3.Gets);
        var waiting = Assert.Single(await WaitingAsync());
        Assert.Contains("entry-2", waiting.Body, StringComparison.Ordinal);
        Assert.Equal("0", waiting.Attempts);
        Assert.Equal("succeeded", Assert.Single(_sns.Statuses()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Handle_DefaultLimitOnTheShortestTimeoutSynthAllows_Runs()
    {
        // jobs.timeoutSeconds 70 with the default 60 s limit: the batch comes in with a little under 70 s left.
        await SetupAsync();
        var batch = await ReceiveAsync(ImageJob("entry-1", "photo.jpg"));

        var response = await CreateSut().HandleAsync(batch, TestContexts.Create("jobs", budget: TimeSpan.FromSeconds(69.97)), CancellationToken.None);

        Assert.Empty(response.BatchItemFailures);
        Assert.Equal("succeeded", Assert.Single(_sns.Statuses()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Handle_JobWhoseLimitCannotFitInAnyInvocation_FailsForGoodNamingTimeoutSeconds()
    {
        await SetupAsync();
        var job = ImageJob("entry-1", "photo.jpg").Replace("\"version\":1,", "\"version\":1,\"timeoutSeconds\":300,", StringComparison.Ordinal);
        var batch = await ReceiveAsync(job);

        var response = await CreateSut().HandleAsync(batch, TestContexts.Create("jobs", budget: TimeSpan.FromSeconds(120)), CancellationToken.None);

        Assert.Empty(response.BatchItemFailures);
        Assert.StartsWith("timeoutSeconds: 300 s does not fit in this worker's invocation (120 s, 10 s of it kept", Reason(Assert.Single(_sns.Statuses())), StringComparison.Ordinal);
        Assert.Single(await DeadLettersAsync());
        Assert.Empty(await WaitingAsync());
    }

    [Fact]
    public async Task Handle_StatusThatCouldNotBePublished_IsToldByTheNextDelivery()
    {
        await SetupAsync();
        _sns.Refusals = 1;
        var batch = await ReceiveAsync(ImageJob("entry-1", "photo.jpg"));

        var first = await CreateSut().HandleAsync(batch, TestContexts.Create("jobs"), CancellationToken.None);

        // Done but nobody told: handed back to SQS, not deleted.
        Assert.Equal([batch.Records[0].MessageId], first.BatchItemFailures.Select(f => f.ItemIdentifier));
        Assert.Empty(_sns.Statuses());
        Assert.Equal(1, await InFlightAsync());
        var second = await CreateSut().HandleAsync(Batch(("m", ImageJob("entry-1", "photo.jpg"), "2")), TestContexts.Create("jobs"), CancellationToken.None);
        Assert.Empty(second.BatchItemFailures);
        Assert.Equal("succeeded", Assert.Single(_sns.Statuses()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Handle_TemporaryErrorThenAMissingSource_ReportsOnceOnTheSecondDelivery()
    {
        await SetupAsync();
        var failing = new Interfering(new S3ObjectStore(Moto.Configuration()),
            get: _ => throw new AwsApiException("S3", "GetObject", 503, "SlowDown", "Please reduce your request rate."));

        var first = await CreateSut(failing).HandleAsync(Batch(("m", ImageJob("entry-9", "photo.jpg"), "1")), TestContexts.Create("jobs"), CancellationToken.None);
        var second = await CreateSut().HandleAsync(Batch(("m", ImageJob("entry-9", "nowhere.jpg"), "2")), TestContexts.Create("jobs"), CancellationToken.None);

        Assert.Equal(["m"], first.BatchItemFailures.Select(f => f.ItemIdentifier));
        Assert.Empty(second.BatchItemFailures);
        var status = Assert.Single(_sns.Statuses());
        Assert.Equal(("failed", 2), (status.GetProperty("status").GetString(), status.GetProperty("attempt").GetInt32()));
        Assert.Single(await DeadLettersAsync());
    }

    [Fact]
    public async Task Handle_DeliveryAfterALastAttemptThatNeverAnswered_ReportsItWithoutRunningIt()
    {
        await SetupAsync();
        var counting = new Interfering(new S3ObjectStore(Moto.Configuration()));

        // maxAttempts 3: the fourth receive means the third attempt died (timeout, out of memory) without answering.
        var response = await CreateSut(counting).HandleAsync(Batch(("m", ImageJob("entry-9", "photo.jpg"), "4")), TestContexts.Create("jobs"), CancellationToken.None);

        Assert.Empty(response.BatchItemFailures);
        Assert.Equal(0, counting.Gets);
        Assert.StartsWith("attempt 3 of 3 ended without an answer", Reason(Assert.Single(_sns.Statuses())), StringComparison.Ordinal);
        Assert.StartsWith("attempt 3 of 3", Assert.Single(await DeadLettersAsync()).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handle_TemporaryErrorOnTheLastAttempt_ReportsOnceAndKeepsIt()
    {
        await SetupAsync();
        var failing = new Interfering(new S3ObjectStore(Moto.Configuration()),
            get: _ => throw new AwsApiException("S3", "GetObject", 503, "SlowDown", "Please reduce your request rate."));

        foreach (var receive in new[] { "1", "2", "3" })
        {
            await CreateSut(failing).HandleAsync(Batch(("m", ImageJob("entry-9", "photo.jpg"), receive)), TestContexts.Create("jobs"), CancellationToken.None);
        }

        Assert.StartsWith("gave up after 3 attempts. Last error: ", Reason(Assert.Single(_sns.Statuses())), StringComparison.Ordinal);
        Assert.Single(await DeadLettersAsync());
    }

    [Fact]
    public async Task Handle_CopyPutBackUnstarted_CountsTheAttemptsOfTheOriginal()
    {
        var record = new SqsMessage
        {
            MessageId = "copy",
            Body = "{}",
            Attributes = new Dictionary<string, string> { ["ApproximateReceiveCount"] = "1" },
            MessageAttributes = new Dictionary<string, SqsMessageAttributeValue> { [SqsJobDeliveries.AttemptsAttribute] = new() { DataType = "Number", StringValue = "2" } },
        };

        Assert.Equal(3, JobsHandler.Attempt(record));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Handle_DryRun_DoesTheWorkButWritesAndPublishesNothing()
    {
        await SetupAsync();
        var job = ImageJob("entry-1", "photo.jpg").Replace("\"output\":", "\"dryRun\":true,\"output\":", StringComparison.Ordinal);

        var response = await CreateSut().HandleAsync(Batch(("dry", job)), TestContexts.Create("jobs"), CancellationToken.None);
        var bad = await CreateSut().HandleAsync(Batch(("dry-bad", ImageJob("entry-2", "notes.txt").Replace("\"output\":", "\"dryRun\":true,\"output\":", StringComparison.Ordinal))),
            TestContexts.Create("jobs"), CancellationToken.None);

        Assert.Empty(response.BatchItemFailures);
        Assert.Empty(bad.BatchItemFailures);
        Assert.Empty(await KeysAsync("thumbnails/"));
        Assert.Empty(_sns.Statuses());
        Assert.Empty(await DeadLettersAsync());
    }

    [Fact]
    public async Task Handle_JobOverItsTimeLimit_IsStoppedAndReportedOnce()
    {
        await SetupAsync();
        var stuck = new Interfering(new S3ObjectStore(Moto.Configuration()), getDelay: Timeout.InfiniteTimeSpan);
        var job = ImageJob("entry-1", "photo.jpg").Replace("\"output\":", "\"timeoutSeconds\":1,\"output\":", StringComparison.Ordinal);

        var response = await CreateSut(stuck).HandleAsync(Batch(("slow", job)), TestContexts.Create("jobs"), CancellationToken.None);

        Assert.Empty(response.BatchItemFailures);
        Assert.Equal("the job took longer than its time limit of 1 s (timeoutSeconds); it was stopped and is not tried again.", Reason(Assert.Single(_sns.Statuses())));
        Assert.Single(await DeadLettersAsync());
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

        Assert.Empty(response.BatchItemFailures);
        Assert.Equal(succeeds ? "succeeded" : "failed", Assert.Single(_sns.Statuses()).GetProperty("status").GetString());
        Assert.Equal(succeeds ? 0 : 1, (await DeadLettersAsync()).Count);
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

    [Fact]
    public async Task Handle_PrintTemplate_WritesAPrintReadyPdf()
    {
        var response = await Handle_TemplateAsync("print-template.json");

        Assert.Empty(response.BatchItemFailures);
        var pdf = _images.Path("print.pdf");
        await File.WriteAllBytesAsync(pdf, await ReadAsync("pdfs/flyer-7/document.pdf", "lifeguard-demo-results"));
        Assert.Contains("No syntax or stream encoding errors found", TestImages.Run("qpdf", ["--check", pdf]), StringComparison.Ordinal);
        var boxes = TestImages.Run("pdfinfo", ["-box", pdf]);
        Assert.Matches(@"TrimBox:\s+30\.00\s+30\.00\s+450\.00\s+625\.00", boxes); // 420 x 595 inside 9 of bleed and the marks' room
        Assert.Matches(@"BleedBox:\s+21\.00\s+21\.00\s+459\.00\s+634\.00", boxes);
        var text = Normalize(TestImages.Run("pdftotext", ["-enc", "UTF-8", pdf, "-"]));
        foreach (var expected in new[] { "Grand opening at Café Zoë", "Bring this card for a free espresso.", "lifeguard-demo.example.com" })
        {
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }

        Assert.Matches(@"Annotation\s+https://lifeguard-demo\.example\.com/", TestImages.Run("pdfinfo", ["-url", pdf]));
        Assert.Equal("succeeded", Assert.Single(_sns.Statuses()).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("\"key\": \"entries/42.jpg\"", "\"key\": \"entries/gone.jpg\"", "template image s3://lifeguard-demo-uploads/entries/gone.jpg does not exist.")]
    [InlineData("\"lineWidth\": 2 }", "\"lineWidth\": 2, \"colour\": \"#000000\" }", "'colour' could not be mapped")]
    [InlineData("\"size\": 16,", "\"size\": 16, \"font\": \"Comic Sans\",", "pages[0].elements[2].font: 'Comic Sans' is not one of DejaVuSans")]
    [InlineData("\"size\": 32,", "\"size\": 90,", "pages[0].elements[1].text: needs 3 lines, 320.8 points high at size 90, and its box is 60 high.")]
    public async Task Handle_BadTemplate_FailsWithTheReasonAndWritesNothing(string find, string replace, string reason)
    {
        var template = (await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Events, "jobs", "flyer-template.json"))).Replace(find, replace, StringComparison.Ordinal);
        await File.WriteAllTextAsync(_images.Path("bad.json"), template);

        var response = await Handle_TemplateAsync(_images.Path("bad.json"));

        Assert.Empty(response.BatchItemFailures);
        Assert.Contains(reason, Assert.Single(_sns.Statuses()).GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains(reason, Assert.Single(await DeadLettersAsync()).Reason, StringComparison.Ordinal);
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
        await QueuesAsync();
    }

    private static string Normalize(string text) => string.Join(' ', text.Split((char[])[' ', '\n', '\r', '\f'], StringSplitOptions.RemoveEmptyEntries));

    private const string QueueArn = "arn:aws:sqs:us-east-1:123456789012:jobs-high";

    private JobsHandler CreateSut(IObjectStore? s3 = null)
    {
        var images = new VipsImageProcessor(100_000_000);
        var files = new JobFiles(s3 ?? new S3ObjectStore(Moto.Configuration()), 50 * 1024 * 1024);
        return new JobsHandler(new ThumbnailJob(images, files), new PdfJob(new PdfRenderer(FontCatalog.Shipped, images), files), _sns,
            new SqsJobDeliveries(Moto.Configuration(), new Uri(Moto.Endpoint, "/123456789012/jobs-dead").ToString()),
            new JobsOptions { StatusTopicArn = "arn:aws:sns:us-east-1:123456789012:status", MaxAttempts = 3 });
    }

    /// <summary>The queues: jobs-high (the work) and jobs-dead (kept failures).</summary>
    private Task<JsonElement> QueuesAsync() => Moto.Boto3Async("""
        sqs = client("sqs")
        for q in ("jobs-high", "jobs-dead"):
            sqs.create_queue(QueueName=q)
        out(True)
        """);

    /// <summary>The bodies sent to jobs-high and received back, as the event-source mapping would deliver them.</summary>
    private async Task<SqsEvent> ReceiveAsync(params string[] bodies)
    {
        var json = string.Join(",", bodies.Select(b => System.Text.Json.JsonSerializer.Serialize(b)));
        var received = await Moto.Boto3Async($$"""
            sqs = client("sqs")
            url = sqs.get_queue_url(QueueName="jobs-high")["QueueUrl"]
            for b in [{{json}}]:
                sqs.send_message(QueueUrl=url, MessageBody=b)
            got = []
            for _ in range(5):
                got += sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, AttributeNames=["All"], MessageAttributeNames=["All"], VisibilityTimeout=600).get("Messages", [])
                if len(got) >= {{bodies.Length}}:
                    break
            got.sort(key=lambda m: [{{json}}].index(m["Body"]))
            out([{"id": m["MessageId"], "receipt": m["ReceiptHandle"], "body": m["Body"], "count": m["Attributes"]["ApproximateReceiveCount"]} for m in got])
            """);
        return new SqsEvent
        {
            Records = [.. received.EnumerateArray().Select(m => new SqsMessage
            {
                MessageId = m.GetProperty("id").GetString()!,
                ReceiptHandle = m.GetProperty("receipt").GetString(),
                Body = m.GetProperty("body").GetString()!,
                Attributes = new Dictionary<string, string> { ["ApproximateReceiveCount"] = m.GetProperty("count").GetString()! },
                EventSourceArn = QueueArn,
            })],
        };
    }

    /// <summary>What is visible on jobs-high now, with the attempts a put-back copy carries.</summary>
    private async Task<List<(string Body, string? Attempts)>> WaitingAsync() => [.. (await Moto.Boto3Async("""
        sqs = client("sqs")
        url = sqs.get_queue_url(QueueName="jobs-high")["QueueUrl"]
        got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, MessageAttributeNames=["All"]).get("Messages", [])
        out([{"body": m["Body"], "attempts": m.get("MessageAttributes", {}).get("lifeguard-attempts", {}).get("StringValue")} for m in got])
        """)).EnumerateArray().Select(m => (m.GetProperty("body").GetString()!, m.GetProperty("attempts").GetString()))];

    /// <summary>Messages of jobs-high received and neither deleted nor visible again.</summary>
    private async Task<int> InFlightAsync() => (await Moto.Boto3Async("""
        sqs = client("sqs")
        url = sqs.get_queue_url(QueueName="jobs-high")["QueueUrl"]
        out(int(sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["ApproximateNumberOfMessagesNotVisible"])["Attributes"]["ApproximateNumberOfMessagesNotVisible"]))
        """)).GetInt32();

    /// <summary>The dead-letter queue's messages with their reasons.</summary>
    private async Task<List<(string Body, string Reason)>> DeadLettersAsync() => [.. (await Moto.Boto3Async("""
        sqs = client("sqs")
        url = sqs.get_queue_url(QueueName="jobs-dead")["QueueUrl"]
        got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, MessageAttributeNames=["All"]).get("Messages", [])
        out([{"body": m["Body"], "reason": m["MessageAttributes"]["lifeguard-reason"]["StringValue"]} for m in got])
        """)).EnumerateArray().Select(m => (m.GetProperty("body").GetString()!, m.GetProperty("reason").GetString()!))];

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
        await QueuesAsync();
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
            EventSourceArn = QueueArn,
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

        /// <summary>Publishes still to refuse, as an SNS outage would.</summary>
        public int Refusals { get; set; }

        public Task<string> PublishAsync(PublishRequest request, CancellationToken cancellationToken)
        {
            lock (_published)
            {
                if (Refusals > 0)
                {
                    Refusals--;
                    throw new AwsApiException("SNS", "Publish", 503, "ServiceUnavailable", "SNS is unavailable.");
                }

                _published.Add(request);
            }

            return Task.FromResult("message-id");
        }
    }

    /// <summary>S3 with something happening on each read: counted, delayed, failing, or the deadline firing.</summary>
    private sealed class Interfering(IObjectStore inner, Func<int, Task>? get = null, TimeSpan? getDelay = null) : IObjectStore
    {
        private int _gets;

        public int Gets => _gets;

        public async Task<S3Object> GetObjectAsync(string bucket, string key, CancellationToken cancellationToken)
        {
            var call = Interlocked.Increment(ref _gets);
            if (get is not null)
            {
                await get(call);
            }

            if (getDelay is { } delay)
            {
                await Task.Delay(delay, cancellationToken);
            }

            cancellationToken.ThrowIfCancellationRequested();
            return await inner.GetObjectAsync(bucket, key, cancellationToken);
        }

        public Task<string?> PutObjectAsync(PutObjectRequest request, CancellationToken cancellationToken) => inner.PutObjectAsync(request, cancellationToken);
    }
}
