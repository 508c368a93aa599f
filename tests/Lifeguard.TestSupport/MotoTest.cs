using Xunit;
namespace Lifeguard.TestSupport;

/// <summary>A test class against the class's moto_server, reset to an empty account before each test.</summary>
public abstract class MotoTest(MotoFixture moto) : IClassFixture<MotoFixture>, IAsyncLifetime
{
    protected MotoFixture Moto { get; } = moto;

    public virtual Task InitializeAsync() => Moto.ResetAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;
}
