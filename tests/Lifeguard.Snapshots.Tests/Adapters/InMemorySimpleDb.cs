using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Lifeguard.Aws;
using Lifeguard.Aws.SimpleDb;

namespace Lifeguard.Snapshots.Tests.Adapters;

/// <summary>
/// A SimpleDB of one domain in memory, for the two selects the catalog issues (moto has no Select). Conditional puts
/// behave as SimpleDB's: a failed condition is ConditionalCheckFailed.
/// </summary>
public sealed partial class InMemorySimpleDb : ISimpleDbClient
{
    public Dictionary<string, Dictionary<string, string>> Items { get; } = new(StringComparer.Ordinal);

    public Task CreateDomainAsync(string domain, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task PutAttributesAsync(string domain, string item, IReadOnlyList<SimpleDbField> attributes, IReadOnlyList<SimpleDbCondition> expected, CancellationToken cancellationToken)
    {
        var existing = Items.GetValueOrDefault(item);
        foreach (var condition in expected)
        {
            if (condition.Exists == false && existing?.ContainsKey(condition.Name) == true)
            {
                throw new AwsApiException("SimpleDB", "PutAttributes", 409, "ConditionalCheckFailed", $"Attribute ({condition.Name}) value exists");
            }
        }

        var target = Items.TryGetValue(item, out var found) ? found : Items[item] = new(StringComparer.Ordinal);
        foreach (var field in attributes)
        {
            target[field.Name] = field.Value;
        }

        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<SimpleDbItem> SelectAsync(string expression, bool consistentRead, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        var before = ExpiresBefore().Match(expression);
        foreach (var (name, fields) in Items.ToList())
        {
            if (!before.Success || string.CompareOrdinal(fields.GetValueOrDefault("expires"), before.Groups[1].Value) < 0)
            {
                yield return new SimpleDbItem(name, [.. fields.Select(f => new SimpleDbField(f.Key, f.Value))]);
            }
        }
    }

    public Task DeleteAttributesAsync(string domain, string item, IReadOnlyList<SimpleDbField> attributes, IReadOnlyList<SimpleDbCondition> expected, CancellationToken cancellationToken)
    {
        Items.Remove(item);
        return Task.CompletedTask;
    }

    [GeneratedRegex("expires < '([^']+)'")]
    private static partial Regex ExpiresBefore();
}
