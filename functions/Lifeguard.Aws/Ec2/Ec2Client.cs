using System.Runtime.CompilerServices;
using System.Xml.Linq;
using Lifeguard.Aws.Endpoints;
using Lifeguard.Aws.Http;
using Lifeguard.Aws.Protocols;

namespace Lifeguard.Aws.Ec2;

/// <summary>EC2 over its own protocol (form POST, XML answers, lists as `item`s). A dry run that would succeed throws DryRunOperation.</summary>
public sealed class Ec2Client(AwsConfiguration configuration) : IEc2Client
{
    private const string Version = "2016-11-15";
    private readonly AwsTransport _transport = new(configuration, AwsService.Ec2);

    public IAsyncEnumerable<Volume> DescribeVolumesAsync(DescribeRequest request, CancellationToken cancellationToken) =>
        PageAsync("DescribeVolumes", request, "VolumeId", root => root.Items("volumeSet").Select(ReadVolume), cancellationToken);

    public async IAsyncEnumerable<Instance> DescribeInstancesAsync(DescribeRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pages = PageAsync("DescribeInstances", request, "InstanceId",
            root => root.Items("reservationSet").SelectMany(r => r.Items("instancesSet")).Select(ReadInstance), cancellationToken);
        await foreach (var instance in pages.ConfigureAwait(false))
        {
            yield return instance;
        }
    }

    public IAsyncEnumerable<Snapshot> DescribeSnapshotsAsync(DescribeRequest request, CancellationToken cancellationToken) =>
        PageAsync("DescribeSnapshots", request, "SnapshotId", root => root.Items("snapshotSet").Select(ReadSnapshot), cancellationToken, ownersName: "Owner");

    public IAsyncEnumerable<Image> DescribeImagesAsync(DescribeRequest request, CancellationToken cancellationToken) =>
        PageAsync("DescribeImages", request, "ImageId", root => root.Items("imagesSet").Select(ReadImage), cancellationToken, ownersName: "Owner");

    public async Task<IReadOnlyList<Address>> DescribeAddressesAsync(DescribeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var form = Form("DescribeAddresses", request.DryRun).List("AllocationId", request.Ids);
        AddFilters(form, request.Filters);
        var root = await CallAsync(form, Idempotency.Idempotent, cancellationToken).ConfigureAwait(false);
        return [.. root.Items("addressesSet").Select(a => new Address(
            a.Text("allocationId"), a.RequiredText("publicIp"), a.Text("associationId"), a.Text("instanceId"),
            a.Text("networkInterfaceId"), a.Text("privateIpAddress"), ReadTags(a)))];
    }

    public async Task<Snapshot> CreateSnapshotAsync(CreateSnapshotRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var form = Form("CreateSnapshot", request.DryRun).Add("VolumeId", request.VolumeId).Add("Description", request.Description);
        AddTagSpecification(form, "snapshot", request.Tags);
        return ReadSnapshot(await CallAsync(form, Idempotency.NotIdempotent, cancellationToken).ConfigureAwait(false));
    }

    public async Task<IReadOnlyList<Snapshot>> CreateSnapshotsAsync(CreateSnapshotsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var form = Form("CreateSnapshots", request.DryRun)
            .Add("InstanceSpecification.InstanceId", request.InstanceId)
            .Flag("InstanceSpecification.ExcludeBootVolume", request.ExcludeBootVolume)
            .List("InstanceSpecification.ExcludeDataVolumeId", request.ExcludeDataVolumeIds)
            .Add("Description", request.Description);
        if (request.CopyTagsFromSource)
        {
            // The API's only value: copy the volume's tags to its snapshot.
            form.Add("CopyTagsFromSource", "volume");
        }

        AddTagSpecification(form, "snapshot", request.Tags);
        var root = await CallAsync(form, Idempotency.NotIdempotent, cancellationToken).ConfigureAwait(false);
        return [.. root.Items("snapshotSet").Select(s => new Snapshot(
            s.RequiredText("snapshotId"), s.Text("volumeId") ?? string.Empty, s.Text("state") ?? "pending", s.TimeValue("startTime"),
            s.Text("progress"), s.Int32Value("volumeSize") ?? 0, s.Text("description"), s.Text("ownerId"), ReadTags(s)))];
    }

    public async Task DeleteSnapshotAsync(string snapshotId, bool dryRun, CancellationToken cancellationToken) =>
        await CallAsync(Form("DeleteSnapshot", dryRun).Add("SnapshotId", snapshotId), Idempotency.Idempotent, cancellationToken).ConfigureAwait(false);

    public async Task CreateTagsAsync(IReadOnlyList<string> resourceIds, IReadOnlyList<Ec2Tag> tags, bool dryRun, CancellationToken cancellationToken)
    {
        var form = Form("CreateTags", dryRun).List("ResourceId", resourceIds);
        form.List("Tag", tags, (f, prefix, tag) => f.Add($"{prefix}.Key", tag.Key).Add($"{prefix}.Value", tag.Value));
        await CallAsync(form, Idempotency.Idempotent, cancellationToken).ConfigureAwait(false);
    }

    public async Task<string> AssociateAddressAsync(AssociateAddressRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var form = Form("AssociateAddress", request.DryRun)
            .Add("AllocationId", request.AllocationId)
            .Add("InstanceId", request.InstanceId)
            .Add("NetworkInterfaceId", request.NetworkInterfaceId)
            .Add("PrivateIpAddress", request.PrivateIpAddress)
            .Add("AllowReassociation", request.AllowReassociation);
        // Repeating it moves the address to the same place again: idempotent in effect.
        var root = await CallAsync(form, Idempotency.Idempotent, cancellationToken).ConfigureAwait(false);
        return root.Text("associationId") ?? string.Empty;
    }

    public async Task<IReadOnlyList<InstanceStateChange>> StopInstancesAsync(IReadOnlyList<string> instanceIds, bool force, bool dryRun, CancellationToken cancellationToken)
    {
        var form = Form("StopInstances", dryRun).List("InstanceId", instanceIds).Flag("Force", force);
        var root = await CallAsync(form, Idempotency.Idempotent, cancellationToken).ConfigureAwait(false);
        return [.. root.Items("instancesSet").Select(i => new InstanceStateChange(
            i.RequiredText("instanceId"),
            i.Child("previousState")?.Text("name") ?? string.Empty,
            i.Child("currentState")?.Text("name") ?? string.Empty))];
    }

    private async IAsyncEnumerable<T> PageAsync<T>(
        string action,
        DescribeRequest request,
        string idName,
        Func<XElement, IEnumerable<T>> read,
        [EnumeratorCancellation] CancellationToken cancellationToken,
        string? ownersName = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        string? token = null;
        // Bounded: a service that kept handing out tokens would otherwise loop for ever.
        for (var page = 0; page < 100_000; page++)
        {
            var form = Form(action, request.DryRun).List(idName, request.Ids).Add("NextToken", token);
            if (request.Ids.Count == 0)
            {
                // EC2 refuses MaxResults together with explicit ids.
                form.Add("MaxResults", request.MaxResults);
            }

            if (ownersName is not null)
            {
                form.List(ownersName, request.Owners);
            }

            AddFilters(form, request.Filters);
            var root = await CallAsync(form, Idempotency.Idempotent, cancellationToken).ConfigureAwait(false);
            foreach (var item in read(root))
            {
                yield return item;
            }

            token = root.Text("nextToken");
            if (string.IsNullOrEmpty(token))
            {
                yield break;
            }
        }
    }

    private async Task<XElement> CallAsync(FormBuilder form, Idempotency idempotency, CancellationToken cancellationToken)
    {
        var action = form.Parameters[0].Value;
        using var response = await _transport.SendAsync(new AwsRequest { Operation = action, Form = form.Parameters, Idempotency = idempotency }, cancellationToken).ConfigureAwait(false);
        return Xml.Parse(response.Body);
    }

    private static FormBuilder Form(string action, bool dryRun) => new FormBuilder(action, Version).Flag("DryRun", dryRun);

    private static void AddFilters(FormBuilder form, IReadOnlyList<Ec2Filter> filters) =>
        form.List("Filter", filters, (f, prefix, filter) => f.Add($"{prefix}.Name", filter.Name).List($"{prefix}.Value", filter.Values));

    private static void AddTagSpecification(FormBuilder form, string resourceType, IReadOnlyList<Ec2Tag> tags)
    {
        if (tags.Count == 0)
        {
            return;
        }

        form.Add("TagSpecification.1.ResourceType", resourceType);
        form.List("TagSpecification.1.Tag", tags, (f, prefix, tag) => f.Add($"{prefix}.Key", tag.Key).Add($"{prefix}.Value", tag.Value));
    }

    private static List<Ec2Tag> ReadTags(XElement element) =>
        [.. element.Items("tagSet").Select(t => new Ec2Tag(t.RequiredText("key"), t.Text("value") ?? string.Empty))];

    private static Volume ReadVolume(XElement v) => new(
        v.RequiredText("volumeId"), v.Int32Value("size") ?? 0, v.Text("availabilityZone") ?? string.Empty, v.Text("status") ?? string.Empty,
        v.Text("volumeType"), v.BooleanValue("encrypted") ?? false, v.TimeValue("createTime"),
        [.. v.Items("attachmentSet").Select(a => new VolumeAttachment(
            a.Text("instanceId") ?? string.Empty, a.Text("device") ?? string.Empty, a.Text("status") ?? string.Empty, a.BooleanValue("deleteOnTermination") ?? false))],
        ReadTags(v));

    private static Instance ReadInstance(XElement i) => new(
        i.RequiredText("instanceId"), i.Child("instanceState")?.Text("name") ?? string.Empty, i.Text("privateIpAddress"), i.Text("ipAddress"),
        i.Text("rootDeviceName"),
        [.. i.Items("blockDeviceMapping").Select(b => new InstanceBlockDevice(b.Text("deviceName") ?? string.Empty, b.Child("ebs")?.Text("volumeId") ?? string.Empty))],
        ReadTags(i));

    private static Snapshot ReadSnapshot(XElement s) => new(
        s.RequiredText("snapshotId"), s.Text("volumeId") ?? string.Empty, s.Text("status") ?? s.Text("state") ?? string.Empty, s.TimeValue("startTime"),
        s.Text("progress"), s.Int32Value("volumeSize") ?? 0, s.Text("description"), s.Text("ownerId"), ReadTags(s));

    private static Image ReadImage(XElement i) => new(
        i.RequiredText("imageId"), i.Text("name"), i.Text("imageState") ?? string.Empty,
        [.. i.Items("blockDeviceMapping").Select(b => b.Child("ebs")?.Text("snapshotId")).OfType<string>()]);
}
