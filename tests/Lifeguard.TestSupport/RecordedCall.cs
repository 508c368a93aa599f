namespace Lifeguard.TestSupport;

/// <summary>One HTTP request the fake Runtime API received.</summary>
public sealed record RecordedCall(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) =>
        Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    public override string ToString() => $"{Method} {Path} {Body}";
}
