using System.Globalization;
using System.Xml.Linq;

namespace Lifeguard.Aws.Protocols;

/// <summary>Reading AWS XML answers by local name: the namespaces differ by service and version, the shapes do not.</summary>
public static class Xml
{
    public static XElement Parse(byte[] body)
    {
        using var stream = new MemoryStream(body);
        return XDocument.Load(stream).Root ?? throw new FormatException("empty XML document");
    }

    public static XElement? Child(this XElement element, string name) =>
        element.Elements().FirstOrDefault(e => e.Name.LocalName == name);

    public static IEnumerable<XElement> Children(this XElement element, string name) =>
        element.Elements().Where(e => e.Name.LocalName == name);

    /// <summary>The `item` children of a list element (EC2's `volumeSet/item`), none when the list is absent.</summary>
    public static IEnumerable<XElement> Items(this XElement element, string listName, string itemName = "item") =>
        element.Child(listName)?.Children(itemName) ?? [];

    public static XElement? Descendant(this XElement element, string name) =>
        element.DescendantsAndSelf().FirstOrDefault(e => e.Name.LocalName == name);

    public static string? Text(this XElement element, string name) => element.Child(name)?.Value;

    public static string RequiredText(this XElement element, string name) =>
        element.Child(name)?.Value ?? throw new FormatException($"<{element.Name.LocalName}> has no <{name}>");

    public static int? Int32Value(this XElement element, string name) =>
        element.Text(name) is { } text && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    public static long? Int64Value(this XElement element, string name) =>
        element.Text(name) is { } text && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    public static bool? BooleanValue(this XElement element, string name) =>
        element.Text(name) is { } text && bool.TryParse(text, out var value) ? value : null;

    public static DateTimeOffset? TimeValue(this XElement element, string name) =>
        element.Text(name) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value) ? value : null;
}
