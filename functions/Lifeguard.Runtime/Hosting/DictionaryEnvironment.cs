namespace Lifeguard.Runtime.Hosting;

/// <summary>An environment held in memory: for tests and for overrides layered over the process environment.</summary>
public sealed class DictionaryEnvironment(IReadOnlyDictionary<string, string?> initial) : IHostEnvironment
{
    private readonly Dictionary<string, string?> _values = new(initial, StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public string? GetVariable(string name)
    {
        lock (_gate)
        {
            return _values.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value : null;
        }
    }

    public void SetVariable(string name, string? value)
    {
        lock (_gate)
        {
            _values[name] = value;
        }
    }
}
