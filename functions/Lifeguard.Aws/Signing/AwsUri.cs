using System.Text;

namespace Lifeguard.Aws.Signing;

/// <summary>RFC 3986 encoding as SigV4 defines it: only A-Z a-z 0-9 - _ . ~ stay as they are; hex digits upper case.</summary>
public static class AwsUri
{
    public static string Encode(string value, bool keepSlash = false)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length + 8);
        Span<byte> bytes = stackalloc byte[4];
        foreach (var rune in value.EnumerateRunes())
        {
            if (rune.IsAscii && (IsUnreserved((char)rune.Value) || (keepSlash && rune.Value == '/')))
            {
                builder.Append((char)rune.Value);
                continue;
            }

            var count = rune.EncodeToUtf8(bytes);
            for (var i = 0; i < count; i++)
            {
                builder.Append('%').Append(Hex[bytes[i] >> 4]).Append(Hex[bytes[i] & 0xF]);
            }
        }

        return builder.ToString();
    }

    /// <summary>Percent-decoding that leaves '+' alone (it is not a space in a URI path or in SigV4 query input).</summary>
    public static string Decode(string value) => Uri.UnescapeDataString(value);

    private const string Hex = "0123456789ABCDEF";

    private static bool IsUnreserved(char c) =>
        c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '_' or '.' or '~';
}
