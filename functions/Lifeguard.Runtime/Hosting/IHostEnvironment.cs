namespace Lifeguard.Runtime.Hosting;

/// <summary>Process environment variables, behind an interface so tests never touch the real ones.</summary>
public interface IHostEnvironment
{
    string? GetVariable(string name);

    void SetVariable(string name, string? value);
}
