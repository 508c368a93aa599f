using System.Text.Json.Serialization;

namespace Lifeguard.Snapshots;

[JsonSourceGenerationOptions(
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SnapshotEvent))]
[JsonSerializable(typeof(SnapshotReport))]
[JsonSerializable(typeof(ExpireEvent))]
[JsonSerializable(typeof(ExpireReport))]
[JsonSerializable(typeof(List<Domain.TierSettings>))]
[JsonSerializable(typeof(CopyEvent))]
[JsonSerializable(typeof(CopyReport))]
[JsonSerializable(typeof(CoverageEvent))]
[JsonSerializable(typeof(CoverageReport))]
[JsonSerializable(typeof(Drills.DrillEvent))]
[JsonSerializable(typeof(Drills.DrillReport))]
public sealed partial class SnapshotsJsonContext : JsonSerializerContext;
