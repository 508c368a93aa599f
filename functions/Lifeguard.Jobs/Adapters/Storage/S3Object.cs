namespace Lifeguard.Jobs.Adapters.Storage;

/// <summary>An object's content, streamed; dispose it to release the connection.</summary>
public sealed class S3Object(Stream content, S3ObjectInfo info, IDisposable response) : IDisposable
{
    public Stream Content { get; } = content;

    public S3ObjectInfo Info { get; } = info;

    public void Dispose() => response.Dispose();
}
