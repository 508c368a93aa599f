namespace Lifeguard.Snapshots.Domain;

/// <summary>Reads the `lifeguard:backup` tag: `true` means every tier, otherwise a list of tier names.</summary>
public static class BackupTag
{
    public static bool Includes(string? value, string tier)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        var tiers = value.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return tiers.Any(t => string.Equals(t, "true", StringComparison.OrdinalIgnoreCase) || string.Equals(t, tier, StringComparison.OrdinalIgnoreCase));
    }
}
