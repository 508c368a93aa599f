using System.Text.Json.Serialization;
using Lifeguard.Promotion.Domain;

namespace Lifeguard.Promotion;

/// <summary>
/// What the invocation did. Outcome: promoted, planned (dry run), false-alarm (the master answers and takes writes),
/// master-read-only (it answers but takes no writes), unreachable-master (this function cannot reach it, its replicas
/// can), already-promoted, refused (a safeguard said no; nothing changed), ignored (nothing to act on), failed; after a
/// promotion, fenced or not-fenced (the old master back, or not answering); released (a quarantine ended by hand).
/// </summary>
public sealed record PromotionReport(
    [property: JsonPropertyName("cluster")] string Cluster,
    [property: JsonPropertyName("trigger")] string Trigger,
    [property: JsonPropertyName("outcome")] string Outcome,
    [property: JsonPropertyName("dryRun")] bool DryRun,
    [property: JsonPropertyName("reason")] string? Reason,
    [property: JsonPropertyName("oldMaster")] string? OldMaster,
    [property: JsonPropertyName("newMaster")] string? NewMaster,
    [property: JsonPropertyName("totalMs")] double TotalMs,
    [property: JsonPropertyName("steps")] IReadOnlyList<StepReport> Steps,
    [property: JsonPropertyName("replicas")] IReadOnlyList<ReplicaVerdict>? Replicas);

public sealed record StepReport(
    [property: JsonPropertyName("step")] int Number,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("outcome")] string Outcome,
    [property: JsonPropertyName("ms")] double Ms,
    [property: JsonPropertyName("detail")] string Detail);
