namespace Lifeguard.Snapshots.Tests.Adapters;

/// <summary>What <see cref="DyingVolumeOperations"/> throws once the simulated process is dead; nothing in Lifeguard catches it.</summary>
public sealed class ProcessDiedException : Exception
{
    public ProcessDiedException() : base("the function's process died (simulated)") { }

    public ProcessDiedException(string message) : base(message) { }

    public ProcessDiedException(string message, Exception innerException) : base(message, innerException) { }
}
