using System.Globalization;

namespace Lifeguard.Aws.Protocols;

/// <summary>ec2/query protocol parameters: `Name=value`, lists as `Name.1`, `Name.2`, structures as `Name.1.Key`.</summary>
public sealed class FormBuilder
{
    private readonly List<KeyValuePair<string, string>> _parameters = [];

    public FormBuilder(string action, string version)
    {
        Add("Action", action);
        Add("Version", version);
    }

    public IReadOnlyList<KeyValuePair<string, string>> Parameters => _parameters;

    public FormBuilder Add(string name, string? value)
    {
        if (value is not null)
        {
            _parameters.Add(new(name, value));
        }

        return this;
    }

    public FormBuilder Add(string name, int? value) => Add(name, value?.ToString(CultureInfo.InvariantCulture));

    /// <summary>Booleans only when true, as the SDKs send DryRun and friends.</summary>
    public FormBuilder Flag(string name, bool value) => value ? Add(name, "true") : this;

    public FormBuilder Add(string name, bool? value) => value is null ? this : Add(name, value.Value ? "true" : "false");

    public FormBuilder List(string name, IEnumerable<string>? values)
    {
        var i = 1;
        foreach (var value in values ?? [])
        {
            Add($"{name}.{i++}", value);
        }

        return this;
    }

    public FormBuilder List<T>(string name, IEnumerable<T>? items, Action<FormBuilder, string, T> add)
    {
        ArgumentNullException.ThrowIfNull(add);
        var i = 1;
        foreach (var item in items ?? [])
        {
            add(this, $"{name}.{i++}", item);
        }

        return this;
    }
}
