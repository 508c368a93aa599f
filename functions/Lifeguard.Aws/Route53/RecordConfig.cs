using System.Net;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Lifeguard.Aws.Route53;

/// <summary>A Route 53 record Lifeguard moves (lb.example.com, db-master.example.com), as configured.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed partial record RecordConfig
{
    [JsonPropertyName("hostedZoneId")] public required string HostedZoneId { get; init; }

    [JsonPropertyName("name")] public required string Name { get; init; }

    /// <summary>A, AAAA or CNAME (what a capability accepts is its own).</summary>
    [JsonPropertyName("type")] public string Type { get; init => field = value ?? "A"; } = "A";

    /// <summary>The TTL the record is written with when it moves: short, so clients follow quickly.</summary>
    [JsonPropertyName("ttl")] public long Ttl { get; set; } = 60;

    /// <summary>After a move, wait until Route 53 says the change reached every name server.</summary>
    [JsonPropertyName("waitForInSync")] public bool WaitForInSync { get; set; }

    /// <summary>The zone id without a "/hostedzone/" prefix.</summary>
    [JsonIgnore]
    public string ZoneId => HostedZoneId.StartsWith("/hostedzone/", StringComparison.Ordinal) ? HostedZoneId["/hostedzone/".Length..] : HostedZoneId;

    /// <summary>
    /// Whether the record holding <paramref name="current"/> holds the <paramref name="configured"/> value: the same
    /// host name for a CNAME (any case, with or without the final dot), the same address otherwise.
    /// </summary>
    public bool Holds(string configured, string current) => Type == "CNAME"
        ? string.Equals(configured.TrimEnd('.'), current.TrimEnd('.'), StringComparison.OrdinalIgnoreCase)
        : IPAddress.TryParse(configured, out var a) && IPAddress.TryParse(current, out var b) && a.Equals(b);

    /// <summary>A record beside this one, in the same zone (and so under the same IAM grant): "_label.name.".</summary>
    public string Beside(string label) => $"{label}.{Name.TrimEnd('.')}.";

    /// <summary>The configuration's problems, each naming its field under <paramref name="path"/>.</summary>
    public IEnumerable<string> Problems(string path, params string[] types)
    {
        ArgumentNullException.ThrowIfNull(types);
        if (!ZonePattern().IsMatch(ZoneId))
        {
            yield return $"{path}.hostedZoneId: '{HostedZoneId}' is not a hosted zone id such as Z0123456789ABCDEFGHIJ.";
        }

        if (!IsHostName(Name))
        {
            yield return $"{path}.name: '{Name}' is not a DNS name such as lb.example.com.";
        }

        if (!types.Contains(Type))
        {
            yield return $"{path}.type: '{Type}' must be {string.Join(", ", types[..^1])}{(types.Length > 1 ? " or " : "")}{types[^1]}.";
        }

        if (Ttl is < 0 or > 172_800)
        {
            yield return $"{path}.ttl: {Ttl} must be between 0 and 172800.";
        }
    }

    /// <summary>A DNS host name (labels of letters, digits and hyphens; underscores allowed where Route 53 allows them).</summary>
    public static bool IsHostName(string text) => HostPattern().IsMatch(text);

    [GeneratedRegex("^[A-Z0-9]{1,32}$")]
    private static partial Regex ZonePattern();

    [GeneratedRegex(@"^(?=.{1,253}\.?$)([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.?$")]
    private static partial Regex HostPattern();
}
