using System.Globalization;

namespace Lifeguard.Runtime.Hosting;

/// <summary>The function's identity as Lambda publishes it in the environment.</summary>
public sealed record FunctionInfo(string Name, string Version, int MemoryLimitMb, string Handler)
{
    public static FunctionInfo From(IHostEnvironment environment, string handler)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return new FunctionInfo(
            environment.GetVariable("AWS_LAMBDA_FUNCTION_NAME") ?? "local",
            environment.GetVariable("AWS_LAMBDA_FUNCTION_VERSION") ?? "$LATEST",
            int.TryParse(environment.GetVariable("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"), NumberStyles.None, CultureInfo.InvariantCulture, out var mb) ? mb : 0,
            handler);
    }
}
