using System.Text.Json;
using Lifeguard.Runtime.Events;

namespace Lifeguard.Runtime.Tests.Events;

/// <summary>Compares two JSON documents as trees, listing every difference by path.</summary>
public static class JsonTree
{
    /// <summary>
    /// Null-valued members count as absent (AWS sends some explicit nulls; we omit them), and two strings
    /// that are both timestamps are compared as instants (`+0000` and `Z` mean the same).
    /// </summary>
    public static IReadOnlyList<string> Differences(JsonElement expected, JsonElement actual, string path = "$")
    {
        var differences = new List<string>();
        Compare(expected, actual, path, differences);
        return differences;
    }

    private static void Compare(JsonElement expected, JsonElement actual, string path, List<string> differences)
    {
        if (expected.ValueKind != actual.ValueKind)
        {
            differences.Add($"{path}: expected {expected.ValueKind} {expected}, got {actual.ValueKind} {actual}");
            return;
        }

        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var expectedMembers = expected.EnumerateObject().Where(p => p.Value.ValueKind != JsonValueKind.Null).ToDictionary(p => p.Name, p => p.Value);
                var actualMembers = actual.EnumerateObject().Where(p => p.Value.ValueKind != JsonValueKind.Null).ToDictionary(p => p.Name, p => p.Value);
                foreach (var (name, value) in expectedMembers)
                {
                    if (actualMembers.TryGetValue(name, out var other))
                    {
                        Compare(value, other, $"{path}.{name}", differences);
                    }
                    else
                    {
                        differences.Add($"{path}.{name}: missing");
                    }
                }

                differences.AddRange(actualMembers.Keys.Except(expectedMembers.Keys).Select(name => $"{path}.{name}: unexpected"));
                break;
            case JsonValueKind.Array:
                var left = expected.EnumerateArray().ToList();
                var right = actual.EnumerateArray().ToList();
                if (left.Count != right.Count)
                {
                    differences.Add($"{path}: expected {left.Count} items, got {right.Count}");
                    return;
                }

                for (var i = 0; i < left.Count; i++)
                {
                    Compare(left[i], right[i], $"{path}[{i}]", differences);
                }

                break;
            case JsonValueKind.String:
                var a = expected.GetString();
                var b = actual.GetString();
                if (a != b && !(AwsTimestampConverter.TryParse(a, out var ta) && AwsTimestampConverter.TryParse(b, out var tb) && ta == tb))
                {
                    differences.Add($"{path}: expected '{a}', got '{b}'");
                }

                break;
            case JsonValueKind.Number:
                if (expected.GetDecimal() != actual.GetDecimal())
                {
                    differences.Add($"{path}: expected {expected}, got {actual}");
                }

                break;
            default:
                if (expected.ValueKind != actual.ValueKind)
                {
                    differences.Add($"{path}: expected {expected}, got {actual}");
                }

                break;
        }
    }
}
