using Lifeguard.Aws.Ec2;

namespace Lifeguard.Failover.Adapters;

/// <summary>
/// EIP mode: moves an Elastic IP to the healthy instance with AssociateAddress (reassociation allowed), then reads
/// the address back, since the answer alone does not prove where the address ended up.
/// </summary>
public sealed class ElasticIpSwitcher(IEc2Client ec2)
{
    /// <summary>The instance that holds the address now, or null when it is not associated.</summary>
    public async Task<string?> HolderAsync(string allocationId, CancellationToken cancellationToken) =>
        (await ec2.DescribeAddressesAsync(new DescribeRequest { Ids = [allocationId] }, cancellationToken).ConfigureAwait(false))
            .SingleOrDefault()?.InstanceId;

    public async Task<SwitchOutcome> SwitchAsync(string allocationId, string instanceId, CancellationToken cancellationToken)
    {
        if (await HolderAsync(allocationId, cancellationToken).ConfigureAwait(false) == instanceId)
        {
            return new SwitchOutcome(SwitchResult.AlreadyDone, instanceId, InSync: true);
        }

        await ec2.AssociateAddressAsync(new AssociateAddressRequest(allocationId) { InstanceId = instanceId, AllowReassociation = true }, cancellationToken).ConfigureAwait(false);
        var holder = await HolderAsync(allocationId, cancellationToken).ConfigureAwait(false);
        return holder == instanceId
            ? new SwitchOutcome(SwitchResult.Switched, holder, InSync: true)
            : new SwitchOutcome(SwitchResult.Conflict, holder, InSync: false);
    }
}
