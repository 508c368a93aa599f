namespace Lifeguard.Aws.SimpleDb;

public sealed record SimpleDbItem(string Name, IReadOnlyList<SimpleDbField> Attributes)
{
    public string? this[string attribute] => Attributes.FirstOrDefault(a => a.Name == attribute)?.Value;
}
