using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lifeguard.Runtime.Events;

/// <summary>
/// Timestamps as CloudWatch alarms write them, `2023-08-04T12:36:15.490+0000` (no colon in the offset),
/// read alongside ISO 8601 (`Z`, `+00:00`); written back in the alarm's own style.
/// </summary>
public sealed class AwsTimestampConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        return TryParse(text, out var value)
            ? value
            : throw new JsonException($"'{text}' is not an ISO 8601 timestamp such as 2023-08-04T12:36:15.490+0000.");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+0000'", CultureInfo.InvariantCulture));
    }

    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        // "+0000" → "+00:00", the only offset form ParseExact's K does not take.
        if (text.Length > 5 && text[^5] is '+' or '-' && text.AsSpan(text.Length - 4).IndexOfAnyExceptInRange('0', '9') < 0)
        {
            text = string.Concat(text.AsSpan(0, text.Length - 2), ":", text.AsSpan(text.Length - 2));
        }

        return DateTimeOffset.TryParseExact(
            text,
            ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"],
            CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal,
            out value);
    }
}
