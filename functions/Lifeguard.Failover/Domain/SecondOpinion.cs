using System.Globalization;

namespace Lifeguard.Failover.Domain;

/// <summary>
/// What Route 53's health checkers say of one target, from its CloudWatch metrics: <see cref="Healthy"/> is
/// HealthCheckStatus (1 or 0 all the newest minute), <see cref="PercentHealthy"/> the share of checkers that see it up;
/// <see cref="Healthy"/> is null when there is no data point recent enough to count, or when the verdict changed within
/// the minute: the view is then unknown, never healthy or down.
/// </summary>
public sealed record SecondOpinion(bool? Healthy, double? PercentHealthy, DateTimeOffset? At)
{
    public static SecondOpinion Unknown { get; } = new(null, null, null);

    public override string ToString() => At is null
        ? "no recent data"
        : string.Create(CultureInfo.InvariantCulture, $"{Healthy switch { true => "healthy", false => "unhealthy", null => "changing" }}{(PercentHealthy is { } p ? $", {p:0}% of checkers see it up" : string.Empty)} at {At:HH:mm}Z");

    /// <summary>
    /// Whether a switch Lifeguard's own probes decided is confirmed: the active target must be down AND the new one up by
    /// Route 53's checkers too. Null when it is; otherwise why not. Unknown is never agreement: a checker that lost the
    /// network (its probes fail, and so does its read of the metrics) cannot move the record. A failback (the active is
    /// up) or a move of an address that holds nothing (no active) needs only the new target up by both.
    /// </summary>
    /// <param name="active">The active target; null when the record or address points at none.</param>
    /// <param name="activeDown">Whether Lifeguard's own probes have the active target down (false for a failback).</param>
    public static string? Refusal(string? active, bool activeDown, string target, IReadOnlyDictionary<string, SecondOpinion> opinions)
    {
        ArgumentNullException.ThrowIfNull(opinions);
        var to = opinions.GetValueOrDefault(target, Unknown);
        var toRefusal = to.Healthy switch
        {
            true => null,
            null => $"Route 53's checkers {Say(to)} {target}",
            false => $"Route 53's checkers see {target} {to}",
        };
        if (active is null || !activeDown)
        {
            return toRefusal;
        }

        var from = opinions.GetValueOrDefault(active, Unknown);
        return from.Healthy switch
        {
            false => toRefusal,
            null => $"Route 53's checkers {Say(from)} {active}",
            true => $"Route 53's checkers see {active} {from}",
        };
    }

    private static string Say(SecondOpinion opinion) => opinion.At is null ? "have no recent data for" : $"are {opinion} on";
}
