namespace Lifeguard.Jobs.Domain;

/// <summary>The job can never succeed as written (bad message, missing source, not an image); the reason names the field or the input.</summary>
public sealed class JobRejectedException : Exception
{
    public JobRejectedException(string message) : base(message) { }

    public JobRejectedException(string message, Exception innerException) : base(message, innerException) { }

    public JobRejectedException() { }
}
