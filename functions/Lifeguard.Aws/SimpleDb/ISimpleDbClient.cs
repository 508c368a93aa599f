namespace Lifeguard.Aws.SimpleDb;

public interface ISimpleDbClient
{
    Task CreateDomainAsync(string domain, CancellationToken cancellationToken);

    Task PutAttributesAsync(string domain, string item, IReadOnlyList<SimpleDbField> attributes, IReadOnlyList<SimpleDbCondition> expected, CancellationToken cancellationToken);

    /// <summary>Every item the expression selects, following NextToken.</summary>
    IAsyncEnumerable<SimpleDbItem> SelectAsync(string expression, bool consistentRead, CancellationToken cancellationToken);

    /// <summary>Deletes the named attributes, or the whole item when none are named.</summary>
    Task DeleteAttributesAsync(string domain, string item, IReadOnlyList<SimpleDbField> attributes, IReadOnlyList<SimpleDbCondition> expected, CancellationToken cancellationToken);
}
