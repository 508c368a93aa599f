using Lifeguard.Jobs.Domain;

namespace Lifeguard.Jobs.Tests.Domain;

public sealed class JobRulesTests
{
    [Fact]
    public void Validate_GoodImageJob_HasNoProblems()
    {
        Assert.Empty(JobRules.Validate(Job()));
    }

    [Fact]
    public void Validate_EveryBadField_IsNamed()
    {
        var job = Job() with
        {
            Version = 2,
            Id = "../etc",
            Source = new S3Location { Bucket = "Uploads!", Key = string.Empty },
            Outputs =
            [
                new ImageOutputSpec { Name = "a b", Format = "bmp", Quality = 0, Fit = "cover", Width = 20_000 },
                new ImageOutputSpec { Name = "x" },
                new ImageOutputSpec { Name = "x", Width = 10 },
            ],
        };

        var errors = JobRules.Validate(job);

        Assert.Equal(
        [
            "version: 2 is not a version this worker reads (1).",
            "id: '../etc' must be 1-128 letters, digits, '.', '_' or '-' (it names the outputs).",
            "source.bucket: 'Uploads!' is not an S3 bucket name.",
            "source.key: must be 1-900 characters.",
            "outputs: the boxes add up to 400,000,100 pixels, over the limit of 100,000,000 for one job (a missing side counts as the given one).",
            "outputs[0].name: 'a b' must be 1-64 letters, digits, '_' or '-'.",
            "outputs[0].width: 20000 must be from 1 to 10000.",
            "outputs[0].fit: 'cover' needs both width and height.",
            "outputs[0].format: 'bmp' must be jpeg, png, webp, avif or gif.",
            "outputs[0].quality: 0 must be from 1 to 100.",
            "outputs[1]: give a width, a height, or both.",
            "outputs[].name: 'x' is used more than once.",
        ], errors);
    }

    [Fact]
    public void Validate_EveryBadOption_IsNamed()
    {
        var job = Job() with
        {
            TimeoutSeconds = 0,
            Outputs =
            [
                new ImageOutputSpec { Name = "a", Width = 100, Position = "attention", Background = "#12345678", Format = "jpeg", Effort = 3, Lossless = true },
                new ImageOutputSpec { Name = "b", Width = 100, Height = 100, Fit = "cover", Position = "middle", Format = "avif", Effort = 10, Progressive = true, Animated = true },
                new ImageOutputSpec { Name = "c", Width = 100, Height = 100, Fit = "cover", Format = "gif", Animated = true },
            ],
        };

        Assert.Equal(
        [
            "timeoutSeconds: 0 must be from 1 to 900.",
            "outputs[0].position: 'attention' chooses what a cover crop keeps; it needs \"fit\": \"cover\".",
            "outputs[0].background: '#12345678' must be \"#rrggbb\".",
            "outputs[0].effort: only avif and webp have an encoder effort.",
            "outputs[0].lossless: only webp is encoded lossless here (png always is).",
            "outputs[1].position: 'middle' must be centre, attention or entropy.",
            "outputs[1].effort: 10 must be from 0 to 9 for avif.",
            "outputs[1].progressive: only jpeg (progressive) and png (interlaced) have it.",
            "outputs[1].animated: an animation can be written as webp or gif, not avif.",
            "outputs[2].animated: an animation is resized with fit inside or fill, not cover.",
        ], JobRules.Validate(job));
    }

    [Fact]
    public void Validate_TwentyHugeOutputs_AreRefusedBeforeAnythingIsRead()
    {
        var job = Job() with
        {
            Outputs = [.. Enumerable.Range(0, 20).Select(i => new ImageOutputSpec { Name = $"o{i}", Width = 10_000, Height = 10_000, Fit = "cover", Enlarge = true })],
        };

        Assert.Equal("outputs: the boxes add up to 2,000,000,000 pixels, over the limit of 100,000,000 for one job (a missing side counts as the given one).", Assert.Single(JobRules.Validate(job)));
    }

    [Fact]
    public void OutputKey_SameJobTwice_IsTheSameKey()
    {
        Assert.Equal("thumbnails/entry-42/small.webp", JobRules.OutputKey(Job(), "small", "webp"));
        Assert.Equal(JobRules.OutputKey(Job(), "small", "webp"), JobRules.OutputKey(Job(), "small", "webp"));
    }

    private static JobMessage Job() => new()
    {
        Id = "entry-42",
        Type = "image.thumbnails",
        Source = new S3Location { Bucket = "uploads", Key = "entries/42.jpg" },
        Outputs = [new ImageOutputSpec { Name = "small", Width = 200, Height = 200, Fit = "cover", Format = "webp" }],
        Output = new OutputLocation { Bucket = "results", Prefix = "thumbnails/" },
    };
}
