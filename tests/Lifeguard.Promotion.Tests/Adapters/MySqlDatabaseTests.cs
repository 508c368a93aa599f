using Lifeguard.Promotion.Adapters;
using Lifeguard.Promotion.Configuration;
using Lifeguard.TestSupport;

namespace Lifeguard.Promotion.Tests.Adapters;

/// <summary>How <see cref="MySqlDatabase"/> tells a down server from one that is up, against loopback ports that are closed, silent or refusing.</summary>
public sealed class MySqlDatabaseTests
{
    [Fact]
    public async Task ProbeAsync_ClosedPort_IsDown()
    {
        var node = Node(FreePort.Next());

        var probe = await CreateSut().ProbeAsync(node, CancellationToken.None);

        Assert.False(probe.Up);
        Assert.StartsWith($"{node}: could not connect: ", probe.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_PortAcceptsButNothingAnswers_IsDownAfterTheConnectTimeout()
    {
        await using var server = FakeMySqlServer.Silent();
        var node = Node(server.Port);

        var probe = await CreateSut().ProbeAsync(node, CancellationToken.None);

        Assert.False(probe.Up);
        // The driver's connect timeout and the call's budget end within moments of each other; either says so.
        Assert.True(
            probe.Detail.StartsWith($"{node}: could not connect: Connect Timeout expired.", StringComparison.Ordinal)
            || probe.Detail.StartsWith($"{node}: no answer within", StringComparison.Ordinal),
            probe.Detail);
    }

    [Fact]
    public async Task ProbeAsync_ServerAnswersTooManyConnections_IsUp()
    {
        await using var server = FakeMySqlServer.Refusing(1040, "Too many connections");

        var probe = await CreateSut().ProbeAsync(Node(server.Port), CancellationToken.None);

        Assert.True(probe.Up, probe.Detail);
        Assert.Equal("answers with error 1040: Too many connections", probe.Detail);
    }

    [Fact]
    public async Task ProbeAsync_ServerRefusesTheCredentials_ThrowsSayingSo()
    {
        await using var server = FakeMySqlServer.Refusing(1045, "Access denied for user 'lifeguard'@'127.0.0.1' (using password: YES)");

        // A generous timeout: the refusal comes at once, and a loaded machine must not turn it into "no answer".
        var ex = await Assert.ThrowsAsync<DatabaseException>(() => CreateSut(TimeSpan.FromSeconds(10)).ProbeAsync(Node(server.Port), CancellationToken.None));

        Assert.EndsWith("The server is up but refuses Lifeguard's credentials: fix the secret.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadStateAsync_CancelledWhileTheServerDoesNotAnswer_EndsAsCancelled()
    {
        // The connect timeout is far away: the driver alone would wait for it (it does not cut a handshake short when
        // cancelled) and then fail as unreachable, instead of as cancelled.
        await using var server = FakeMySqlServer.Silent();
        using var cancellation = new CancellationTokenSource();
        var call = CreateSut(TimeSpan.FromSeconds(120)).ReadStateAsync(Node(server.Port), cancellation.Token);

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }

    private static MySqlDatabase CreateSut(TimeSpan? timeout = null) => new(MariaDbServer.AdminUser, "not-the-password", timeout ?? TimeSpan.FromSeconds(1));

    private static NodeConfig Node(int port) => new() { Name = "db1", Host = "127.0.0.1", Port = port };
}
