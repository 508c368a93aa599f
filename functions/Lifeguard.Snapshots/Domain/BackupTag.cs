namespace Lifeguard.Snapshots.Domain;

/// <summary>Reads the `lifeguard:backup` tag: `true` means every tier, otherwise a list of tier names.</summary>
public static class BackupTag
{
    private static readonly char[] Separators = [',', ' ', ';'];

    public static bool Includes(string? value, string tier)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        var tiers = value.Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return tiers.Any(t => string.Equals(t, "true", StringComparison.OrdinalIgnoreCase) || string.Equals(t, tier, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// The configured tiers <paramref name="value"/> asks for (by their configured names, in configuration order) and
    /// the words that name none, matched as <see cref="Includes"/> matches them: case aside, `true` for all.
    /// </summary>
    public static BackupTagValue Read(string? value, IReadOnlyList<string> configuredTiers)
    {
        ArgumentNullException.ThrowIfNull(configuredTiers);
        var words = (value ?? string.Empty).Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 1 && string.Equals(words[0], "false", StringComparison.OrdinalIgnoreCase))
        {
            return new BackupTagValue(value!, [], [], OptedOut: true);
        }

        var all = words.Any(w => string.Equals(w, "true", StringComparison.OrdinalIgnoreCase));
        var tiers = configuredTiers.Where(t => all || words.Any(w => string.Equals(w, t, StringComparison.OrdinalIgnoreCase))).ToList();
        var unknown = words
            .Where(w => !string.Equals(w, "true", StringComparison.OrdinalIgnoreCase) && !configuredTiers.Any(t => string.Equals(w, t, StringComparison.OrdinalIgnoreCase)))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        return new BackupTagValue(value ?? string.Empty, tiers, unknown, OptedOut: false);
    }
}
