namespace Lifeguard.Runtime.Hosting;

/// <summary>A handler with its JSON metadata bound: bytes in, bytes out.</summary>
internal abstract class RegisteredHandler
{
    public abstract string Name { get; }

    public abstract Task<byte[]> InvokeAsync(ReadOnlyMemory<byte> body, InvocationContext context, CancellationToken cancellationToken);
}
