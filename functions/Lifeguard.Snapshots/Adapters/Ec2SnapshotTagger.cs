using Amazon.EC2;
using Lifeguard.Aws;
using Lifeguard.Aws.Endpoints;
using Lifeguard.Aws.Sdk;
using Lifeguard.Snapshots.Domain;
using Sdk = Amazon.EC2.Model;

namespace Lifeguard.Snapshots.Adapters;

/// <summary><see cref="ISnapshotTagger"/> over EC2 CreateTags, which is safe to repeat, so the SDK's retries apply.</summary>
public sealed class Ec2SnapshotTagger(IAmazonEC2 ec2) : ISnapshotTagger
{
    public Ec2SnapshotTagger(AwsConfiguration aws)
        : this(new AmazonEC2Client(aws.Credentials, aws.For<AmazonEC2Config>(AwsService.Ec2)))
    {
    }

    public Task TagAsync(IReadOnlyList<string> snapshotIds, IReadOnlyList<Ec2Tag> tags, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshotIds);
        ArgumentNullException.ThrowIfNull(tags);
        return SdkCall.RunAsync(AwsService.Ec2, "CreateTags", ct => ec2.CreateTagsAsync(new Sdk.CreateTagsRequest
        {
            Resources = [.. snapshotIds],
            Tags = [.. tags.Select(t => new Sdk.Tag(t.Key, t.Value))],
        }, ct), cancellationToken);
    }
}
