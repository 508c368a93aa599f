using System.Text.Json.Serialization;

[JsonSerializable(typeof(double[]))]
internal sealed partial class BenchJsonContext : JsonSerializerContext;
