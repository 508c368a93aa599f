namespace Lifeguard.Aws.SimpleDb;

/// <summary>One attribute value of an item (SimpleDB calls it an attribute).</summary>
/// <param name="Replace">On put: replace the attribute's values instead of adding one more.</param>
public sealed record SimpleDbField(string Name, string Value, bool Replace = false);
