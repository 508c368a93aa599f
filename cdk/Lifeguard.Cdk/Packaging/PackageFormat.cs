namespace Lifeguard.Cdk.Packaging;

/// <summary>How a function project is published for Lambda.</summary>
public enum PackageFormat
{
    /// <summary>
    /// Native AOT for linux-x64, the executable renamed `bootstrap`, for the provided.al2023 runtime: what the stack
    /// deploys.
    /// </summary>
    Native,

    /// <summary>
    /// Framework-dependent ReadyToRun for the managed dotnet10 runtime, as Lifeguard deployed before Native AOT; kept as
    /// the cold-start benchmark's baseline.
    /// </summary>
    ReadyToRun,
}
