using System.Text.Json.Serialization;

namespace Lifeguard.Runtime.Events;

public sealed record SqsBatchItemFailure([property: JsonPropertyName("itemIdentifier")] string ItemIdentifier);
