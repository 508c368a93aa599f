namespace Lifeguard.Aws.Credentials;

/// <summary>
/// ~/.aws/credentials and ~/.aws/config (or AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE), read as the SDKs do:
/// `[name]` sections in the credentials file, `[profile name]` (or `[default]`) in the config file.
/// </summary>
public sealed class SharedConfigFiles
{
    private SharedConfigFiles(string profile, string credentialsPath, string configPath, IReadOnlyDictionary<string, string> settings)
    {
        Profile = profile;
        CredentialsPath = credentialsPath;
        ConfigPath = configPath;
        Settings = settings;
    }

    public string Profile { get; }

    public string CredentialsPath { get; }

    public string ConfigPath { get; }

    /// <summary>The profile's settings, the credentials file winning over the config file.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; }

    public string? this[string key] => Settings.TryGetValue(key, out var value) ? value : null;

    public static SharedConfigFiles Load(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var home = environment("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var profile = environment("AWS_PROFILE") ?? environment("AWS_DEFAULT_PROFILE") ?? "default";
        var credentialsPath = environment("AWS_SHARED_CREDENTIALS_FILE") ?? Path.Combine(home, ".aws", "credentials");
        var configPath = environment("AWS_CONFIG_FILE") ?? Path.Combine(home, ".aws", "config");
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        Merge(settings, Read(configPath), profile == "default" ? ["default", "profile default"] : [$"profile {profile}"]);
        Merge(settings, Read(credentialsPath), [profile]);
        return new SharedConfigFiles(profile, credentialsPath, configPath, settings);
    }

    private static void Merge(Dictionary<string, string> into, Dictionary<string, Dictionary<string, string>> file, string[] sections)
    {
        foreach (var section in sections)
        {
            if (file.TryGetValue(section, out var values))
            {
                foreach (var (key, value) in values)
                {
                    into[key] = value;
                }
            }
        }
    }

    internal static Dictionary<string, Dictionary<string, string>> Read(string path)
    {
        var sections = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return sections;
        }

        Dictionary<string, string>? current = null;
        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }

            if (line[0] == '[' && line[^1] == ']')
            {
                var name = string.Join(' ', line[1..^1].Split(' ', StringSplitOptions.RemoveEmptyEntries));
                current = sections.TryGetValue(name, out var existing) ? existing : sections[name] = new(StringComparer.Ordinal);
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (current is not null && equals > 0 && !char.IsWhiteSpace(raw[0]))
            {
                current[line[..equals].Trim().ToLowerInvariant()] = line[(equals + 1)..].Trim();
            }
        }

        return sections;
    }
}
