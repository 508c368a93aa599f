namespace Lifeguard.Runtime.Hosting;

public sealed class ProcessEnvironment : IHostEnvironment
{
    public static ProcessEnvironment Instance { get; } = new();

    private ProcessEnvironment() { }

    public string? GetVariable(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;

    public void SetVariable(string name, string? value) => Environment.SetEnvironmentVariable(name, value);
}
