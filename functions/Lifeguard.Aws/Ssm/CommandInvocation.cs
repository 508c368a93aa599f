using System.Text.Json.Serialization;

namespace Lifeguard.Aws.Ssm;

/// <param name="Status">Pending, InProgress, Delayed, Success, Cancelled, TimedOut, Failed, Cancelling.</param>
public sealed record CommandInvocation(
    [property: JsonPropertyName("CommandId")] string CommandId,
    [property: JsonPropertyName("InstanceId")] string InstanceId,
    [property: JsonPropertyName("Status")] string Status,
    [property: JsonPropertyName("StatusDetails")] string? StatusDetails,
    [property: JsonPropertyName("ResponseCode")] int? ResponseCode,
    [property: JsonPropertyName("StandardOutputContent")] string? StandardOutputContent,
    [property: JsonPropertyName("StandardErrorContent")] string? StandardErrorContent)
{
    [JsonIgnore]
    public bool IsFinished => Status is "Success" or "Cancelled" or "TimedOut" or "Failed";
}
