namespace Lifeguard.Aws.SimpleDb;

/// <summary>
/// A conditional write: the attribute must have <see cref="Value"/>, or (Value null) must exist or not as
/// <see cref="Exists"/> says. A failed condition is ConditionalCheckFailed (or AttributeDoesNotExist).
/// </summary>
public sealed record SimpleDbCondition(string Name, string? Value = null, bool? Exists = null);
