namespace Lifeguard.Runtime.Hosting;

/// <summary>The event is not JSON, or does not have the shape the handler takes. Never retried usefully.</summary>
public sealed class InvalidEventException : Exception
{
    public InvalidEventException(string message) : base(message) { }

    public InvalidEventException(string message, Exception innerException) : base(message, innerException) { }

    public InvalidEventException() { }
}
