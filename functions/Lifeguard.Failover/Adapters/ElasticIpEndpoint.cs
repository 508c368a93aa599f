using Amazon.EC2;
using Amazon.EC2.Model;
using Lifeguard.Aws.Endpoints;
using Lifeguard.Aws.Route53;
using Lifeguard.Aws.Sdk;
using Lifeguard.Failover.Configuration;

namespace Lifeguard.Failover.Adapters;

/// <summary>
/// EIP mode: moves an Elastic IP to the healthy instance (or network interface) with AssociateAddress, reassociation
/// allowed, then reads the address back, since the answer alone does not prove where the address ended up. The
/// group's state is kept in tags on the address (lifeguard:health:lb1 = "up 0 3 …").
/// </summary>
public sealed class ElasticIpEndpoint(IAmazonEC2 ec2, ElasticIpConfig config, bool byInterface) : IFailoverEndpoint
{
    private const string TagPrefix = "lifeguard:";

    /// <summary>The write count (`gen` entry) as last loaded or written.</summary>
    private string? _generation;

    public async Task<string?> ReadAsync(CancellationToken cancellationToken)
    {
        var address = await DescribeAsync(cancellationToken).ConfigureAwait(false);
        var holder = byInterface ? address.NetworkInterfaceId : address.InstanceId;
        return string.IsNullOrEmpty(holder) ? null : holder;
    }

    public bool Matches(string configured, string current) => string.Equals(configured, current, StringComparison.Ordinal);

    public async Task<SwitchOutcome> SwitchAsync(string? currentValue, string newValue, CancellationToken cancellationToken)
    {
        var holder = await ReadAsync(cancellationToken).ConfigureAwait(false);
        if (holder == newValue)
        {
            return new SwitchOutcome(SwitchResult.AlreadyDone, holder, InSync: true);
        }

        if (holder != currentValue)
        {
            return new SwitchOutcome(SwitchResult.Conflict, holder, InSync: false);
        }

        // Repeating it moves the address to the same place again: idempotent in effect, so the SDK may retry it.
        await SdkCall.RunAsync(AwsService.Ec2, "AssociateAddress", ct => ec2.AssociateAddressAsync(
            new AssociateAddressRequest
            {
                AllocationId = config.AllocationId,
                InstanceId = byInterface ? null : newValue,
                NetworkInterfaceId = byInterface ? newValue : null,
                AllowReassociation = true,
            },
            ct), cancellationToken).ConfigureAwait(false);
        // EC2 reads are eventually consistent: right after the move the address may still show its old holder. The
        // association succeeded, so that is this switch, not yet visible; only a third holder is someone else's.
        holder = await ReadAsync(cancellationToken).ConfigureAwait(false);
        return holder == newValue || holder == currentValue
            ? new SwitchOutcome(SwitchResult.Switched, newValue, InSync: holder == newValue)
            : new SwitchOutcome(SwitchResult.Conflict, holder, InSync: false);
    }

    public Task<string?> RepairAsync(bool dryRun, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    public async Task<IReadOnlyDictionary<string, string>> LoadStateAsync(CancellationToken cancellationToken)
    {
        var entries = await TagsAsync(cancellationToken).ConfigureAwait(false);
        _generation = entries.GetValueOrDefault(Domain.GroupStateCodec.GenerationKey);
        return entries;
    }

    /// <summary>
    /// Writes the state as the address's `lifeguard:` tags: the entries with CreateTags, and the keys the state no longer
    /// has (an `all-down-since` cleared by a recovery) removed with DeleteTags, naming each key. Without the removal a
    /// cleared key stays on the address and reads back next run as if it were still set. Tags have no conditional
    /// write: the write count is compared just before writing, which with one run at a time (reserved concurrency 1)
    /// leaves only a hand-run switch racing a check within that moment.
    /// </summary>
    public async Task<bool> SaveStateAsync(IReadOnlyDictionary<string, string> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var stored = await TagsAsync(cancellationToken).ConfigureAwait(false);
        if (stored.GetValueOrDefault(Domain.GroupStateCodec.GenerationKey) != _generation)
        {
            return false;
        }

        var stale = stored.Keys.Where(k => !entries.ContainsKey(k)).ToList();
        // Cleared keys first: if their removal fails, the run fails before writing a state that a stale key would contradict.
        if (stale.Count > 0)
        {
            // Keys named: DeleteTags without them would remove every tag on the address.
            await SdkCall.RunAsync(AwsService.Ec2, "DeleteTags", ct => ec2.DeleteTagsAsync(new DeleteTagsRequest
            {
                Resources = [config.AllocationId],
                Tags = [.. stale.Select(k => new Tag { Key = TagPrefix + k })],
            }, ct), cancellationToken).ConfigureAwait(false);
        }

        if (entries.Count > 0)
        {
            await SdkCall.RunAsync(AwsService.Ec2, "CreateTags", ct => ec2.CreateTagsAsync(new CreateTagsRequest
            {
                Resources = [config.AllocationId],
                Tags = [.. entries.Select(e => new Tag(TagPrefix + e.Key, e.Value))],
            }, ct), cancellationToken).ConfigureAwait(false);
        }

        _generation = entries.GetValueOrDefault(Domain.GroupStateCodec.GenerationKey);
        return true;
    }

    private async Task<Dictionary<string, string>> TagsAsync(CancellationToken cancellationToken) =>
        ((await DescribeAsync(cancellationToken).ConfigureAwait(false)).Tags ?? [])
            .Where(t => t.Key.StartsWith(TagPrefix, StringComparison.Ordinal))
            .ToDictionary(t => t.Key[TagPrefix.Length..], t => t.Value, StringComparer.Ordinal);

    private async Task<Address> DescribeAsync(CancellationToken cancellationToken) =>
        (await SdkCall.RunAsync(AwsService.Ec2, "DescribeAddresses",
            ct => ec2.DescribeAddressesAsync(new DescribeAddressesRequest { AllocationIds = [config.AllocationId] }, ct), cancellationToken).ConfigureAwait(false))
            .Addresses?.SingleOrDefault()
        ?? throw new InvalidOperationException($"Elastic IP {config.AllocationId} does not exist (DescribeAddresses returned nothing).");
}
