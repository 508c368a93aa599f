using System.Globalization;

namespace Lifeguard.Snapshots.Domain;

/// <summary>
/// The schedule slot a run belongs to: the tier and the minute the schedule fired. EventBridge delivers at least once;
/// a second delivery carries the same time, finds snapshots already tagged with its slot and creates nothing.
/// </summary>
public static class SnapshotSlot
{
    public static string For(string tier, DateTimeOffset scheduledTime) =>
        $"{tier}/{scheduledTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture)}";

    public static string FormatExpiry(DateTimeOffset expiresAt) =>
        expiresAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static bool TryParseExpiry(string? text, out DateTimeOffset expiresAt) =>
        DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", "yyyy-MM-dd'T'HH:mm'Z'"],
            CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out expiresAt);
}
