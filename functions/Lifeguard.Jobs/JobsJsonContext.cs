using System.Text.Json.Serialization;
using Lifeguard.Jobs.Domain;
using Lifeguard.Runtime.Events;

namespace Lifeguard.Jobs;

[JsonSourceGenerationOptions(
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SqsEvent))]
[JsonSerializable(typeof(SqsBatchResponse))]
[JsonSerializable(typeof(JobMessage))]
[JsonSerializable(typeof(JobStatus))]
[JsonSerializable(typeof(PdfTemplate))]
public sealed partial class JobsJsonContext : JsonSerializerContext;
