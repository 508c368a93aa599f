using System.Runtime.CompilerServices;
using Lifeguard.Aws.Endpoints;
using Lifeguard.Aws.Http;
using Lifeguard.Aws.Protocols;

namespace Lifeguard.Aws.SimpleDb;

/// <summary>SimpleDB (API 2009-04-15) over the query protocol, signed with SigV2.</summary>
public sealed class SimpleDbClient(AwsConfiguration configuration) : ISimpleDbClient
{
    private const string Version = "2009-04-15";
    private readonly AwsTransport _transport = new(configuration, AwsService.SimpleDb);

    public Task CreateDomainAsync(string domain, CancellationToken cancellationToken) =>
        CallAsync(new FormBuilder("CreateDomain", Version).Add("DomainName", domain), Idempotency.Idempotent, cancellationToken);

    public Task PutAttributesAsync(string domain, string item, IReadOnlyList<SimpleDbField> attributes, IReadOnlyList<SimpleDbCondition> expected, CancellationToken cancellationToken)
    {
        var form = new FormBuilder("PutAttributes", Version).Add("DomainName", domain).Add("ItemName", item);
        form.List("Attribute", attributes, (f, prefix, a) => f.Add($"{prefix}.Name", a.Name).Add($"{prefix}.Value", a.Value).Flag($"{prefix}.Replace", a.Replace));
        AddExpected(form, expected);
        // A conditional put repeated after it took effect fails its own condition: the caller reads to tell.
        return CallAsync(form, expected.Count > 0 ? Idempotency.NotIdempotent : Idempotency.Idempotent, cancellationToken);
    }

    public async IAsyncEnumerable<SimpleDbItem> SelectAsync(string expression, bool consistentRead, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? token = null;
        for (var page = 0; page < 100_000; page++)
        {
            var form = new FormBuilder("Select", Version).Add("SelectExpression", expression).Flag("ConsistentRead", consistentRead).Add("NextToken", token);
            using var response = await _transport.SendAsync(new AwsRequest { Operation = "Select", Form = form.Parameters }, cancellationToken).ConfigureAwait(false);
            var result = Xml.Parse(response.Body).Descendant("SelectResult") ?? throw new FormatException("Select answered without a SelectResult");
            foreach (var item in result.Children("Item"))
            {
                yield return new SimpleDbItem(
                    item.RequiredText("Name"),
                    [.. item.Children("Attribute").Select(a => new SimpleDbField(a.RequiredText("Name"), a.Text("Value") ?? string.Empty))]);
            }

            token = result.Text("NextToken");
            if (string.IsNullOrEmpty(token))
            {
                yield break;
            }
        }
    }

    public Task DeleteAttributesAsync(string domain, string item, IReadOnlyList<SimpleDbField> attributes, IReadOnlyList<SimpleDbCondition> expected, CancellationToken cancellationToken)
    {
        var form = new FormBuilder("DeleteAttributes", Version).Add("DomainName", domain).Add("ItemName", item);
        form.List("Attribute", attributes, (f, prefix, a) => f.Add($"{prefix}.Name", a.Name).Add($"{prefix}.Value", a.Value.Length == 0 ? null : a.Value));
        AddExpected(form, expected);
        return CallAsync(form, expected.Count > 0 ? Idempotency.NotIdempotent : Idempotency.Idempotent, cancellationToken);
    }

    private static void AddExpected(FormBuilder form, IReadOnlyList<SimpleDbCondition> expected) =>
        form.List("Expected", expected, (f, prefix, c) => f.Add($"{prefix}.Name", c.Name).Add($"{prefix}.Value", c.Value).Add($"{prefix}.Exists", c.Exists));

    private async Task CallAsync(FormBuilder form, Idempotency idempotency, CancellationToken cancellationToken)
    {
        using var response = await _transport.SendAsync(
            new AwsRequest { Operation = form.Parameters[0].Value, Form = form.Parameters, Idempotency = idempotency }, cancellationToken).ConfigureAwait(false);
    }
}
