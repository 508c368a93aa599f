using System.Text;
using System.Text.Json;
using Lifeguard.Aws;
using Lifeguard.Jobs.Adapters.Storage;
using Lifeguard.TestSupport;

namespace Lifeguard.Jobs.Tests.Adapters.Storage;

/// <summary>The S3 adapter (AWSSDK.S3, path style on a custom endpoint) against moto, checked with boto3.</summary>
[Trait("Category", "Integration")]
public sealed class S3ObjectStoreTests(MotoFixture moto) : MotoTest(moto)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Moto.Boto3Async("""client("s3").create_bucket(Bucket="lifeguard-jobs"); out(None)""");
    }

    [Theory]
    [InlineData("thumbnails/job-1/small.jpg")]
    [InlineData("odd keys/ü ~*'()+&=;?.pdf")]
    public async Task PutObjectAsync_KeyAndMetadata_Boto3ReadsTheSameObject(string key)
    {
        var content = Encoding.UTF8.GetBytes("%PDF-1.7 not really");

        await CreateSut().PutObjectAsync(new PutObjectRequest("lifeguard-jobs", key, content)
        {
            ContentType = "application/pdf",
            Metadata = new Dictionary<string, string> { ["job-id"] = "job-1" },
        }, CancellationToken.None);

        var seen = await Moto.Boto3Async($$"""
            o = client("s3").get_object(Bucket="lifeguard-jobs", Key={{JsonSerializer.Serialize(key)}})
            out({"body": o["Body"].read().decode(), "type": o["ContentType"], "meta": o["Metadata"]})
            """);
        Assert.Equal("%PDF-1.7 not really", seen.GetProperty("body").GetString());
        Assert.Equal("application/pdf", seen.GetProperty("type").GetString());
        Assert.Equal("job-1", seen.GetProperty("meta").GetProperty("job-id").GetString());
    }

    [Fact]
    public async Task GetObjectAsync_ObjectWrittenByBoto3_StreamsItsBytes()
    {
        await Moto.Boto3Async("""
            client("s3").put_object(Bucket="lifeguard-jobs", Key="in/photo.jpg", Body=bytes(range(256)) * 1000, ContentType="image/jpeg", Metadata={"source": "upload"})
            out(None)
            """);

        using var s3Object = await CreateSut().GetObjectAsync("lifeguard-jobs", "in/photo.jpg", CancellationToken.None);
        using var copy = new MemoryStream();
        await s3Object.Content.CopyToAsync(copy);

        Assert.Equal(256_000, copy.Length);
        Assert.Equal(Enumerable.Range(0, 256).Select(i => (byte)i), copy.ToArray().Take(256));
        Assert.Equal("image/jpeg", s3Object.Info.ContentType);
        Assert.Equal("upload", s3Object.Info.Metadata["source"]);
    }

    [Fact]
    public async Task GetObjectAsync_MissingKey_FailsWithNoSuchKey()
    {
        var ex = await Assert.ThrowsAsync<AwsApiException>(() => CreateSut().GetObjectAsync("lifeguard-jobs", "absent.jpg", CancellationToken.None));

        Assert.Equal("NoSuchKey", ex.ErrorCode);
        Assert.Equal(404, ex.StatusCode);
    }

    private S3ObjectStore CreateSut() => new(Moto.Configuration());
}
