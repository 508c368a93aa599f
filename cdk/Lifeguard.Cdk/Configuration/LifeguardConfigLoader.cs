using System.Text.Json;

namespace Lifeguard.Cdk.Configuration;

public static class LifeguardConfigLoader
{
    /// <summary>The cdk.json context key (or `-c` option) naming the configuration file.</summary>
    public const string ContextKey = "lifeguard:configFile";

    public static LifeguardConfig Load(string path)
    {
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (IOException ex)
        {
            throw new ConfigurationException($"{path}: cannot read the configuration file ({ex.Message}).", ex);
        }

        return Parse(json, path);
    }

    public static LifeguardConfig Parse(string json, string source)
    {
        LifeguardConfig? config;
        try
        {
            config = JsonSerializer.Deserialize(json, ConfigJsonContext.Default.LifeguardConfig);
        }
        catch (JsonException ex)
        {
            throw new ConfigurationException($"{source}: {ex.Message}", ex);
        }

        if (config is null)
        {
            throw new ConfigurationException($"{source}: the configuration is null.");
        }

        var errors = config.Validate();
        return errors.Count == 0
            ? config
            : throw new ConfigurationException($"{source} is invalid:\n  " + string.Join("\n  ", errors));
    }
}
