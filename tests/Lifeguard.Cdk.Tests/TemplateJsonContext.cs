using System.Text.Json.Serialization;

namespace Lifeguard.Cdk.Tests;

/// <summary>The value kinds Template.ToJSON hands back through jsii.</summary>
[JsonSerializable(typeof(Dictionary<string, object>))]
[JsonSerializable(typeof(object[]))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(bool))]
public sealed partial class TemplateJsonContext : JsonSerializerContext;
