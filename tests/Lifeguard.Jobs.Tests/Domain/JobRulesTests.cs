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
            "outputs[0].name: 'a b' must be 1-64 letters, digits, '_' or '-'.",
            "outputs[0].width: 20000 must be from 1 to 10000.",
            "outputs[0].fit: 'cover' needs both width and height.",
            "outputs[0].format: 'bmp' must be jpeg, png, webp or avif.",
            "outputs[0].quality: 0 must be from 1 to 100.",
            "outputs[1]: give a width, a height, or both.",
            "outputs[].name: 'x' is used more than once.",
        ], errors);
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
