using Lifeguard.TestSupport;

namespace Lifeguard.Promotion.Tests.Adapters;

/// <summary>A MariaDB master and one replica for a test class, on their own loopback addresses.</summary>
public sealed class ReplicaPairFixture : IAsyncLifetime
{
    public MariaDbCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync() => Cluster = await MariaDbCluster.StartAsync(replicas: 1, firstAddress: 31);

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}
