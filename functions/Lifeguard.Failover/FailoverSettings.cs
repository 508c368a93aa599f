using System.Text.Json;
using Lifeguard.Failover.Configuration;
using Lifeguard.Runtime.Hosting;

namespace Lifeguard.Failover;

/// <summary>The function's settings, from the environment the CDK construct sets; each error names its variable and field.</summary>
public sealed record FailoverSettings
{
    public const string GroupsVariable = "LIFEGUARD_FAILOVER_GROUPS";

    public const string HealthChecksVariable = "LIFEGUARD_ROUTE53_HEALTH_CHECKS";

    public required IReadOnlyList<FailoverGroup> Groups { get; init; }

    /// <summary>The SNS topic for switches, all-down and recovery; none means report in the logs only.</summary>
    public string? TopicArn { get; init; }

    /// <summary>Per group (with confirmWith "route53"), per target, its Route 53 health check id, as the stack made them.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> HealthChecks { get; init; } = new Dictionary<string, IReadOnlyDictionary<string, string>>();

    /// <summary>Time between probe rounds.</summary>
    public TimeSpan ProbeInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one scheduled invocation keeps probing: the schedule's period, so rounds stay evenly spaced across invocations.</summary>
    public TimeSpan CheckWindow { get; init; } = TimeSpan.FromSeconds(60);

    public static FailoverSettings FromEnvironment(IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var json = environment.GetVariable(GroupsVariable)
            ?? throw new InvalidOperationException($"{GroupsVariable} is not set: it holds the groups (a JSON array) that the CDK construct writes from the configuration file.");
        IReadOnlyList<FailoverGroup> groups;
        try
        {
            groups = JsonSerializer.Deserialize(json, FailoverJsonContext.Default.IReadOnlyListFailoverGroup)
                ?? throw new InvalidOperationException($"{GroupsVariable} is null; it must be a JSON array of groups.");
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"{GroupsVariable}: {ex.Message}", ex);
        }

        var errors = FailoverGroupValidator.Validate(groups);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException($"{GroupsVariable}: {string.Join(" ", errors)}");
        }

        var healthChecks = ReadHealthChecks(environment.GetVariable(HealthChecksVariable));
        var missing = groups.Where(g => g.ConfirmWith is not null)
            .SelectMany(g => g.Targets.Where(t => !(healthChecks.GetValueOrDefault(g.Name)?.ContainsKey(t.Name) ?? false)).Select(t => $"{g.Name}.{t.Name}"))
            .ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"{HealthChecksVariable}: no Route 53 health check id for {string.Join(", ", missing)}, whose groups have confirmWith \"route53\".");
        }

        return new FailoverSettings
        {
            Groups = groups,
            HealthChecks = healthChecks,
            TopicArn = environment.GetVariable("LIFEGUARD_TOPIC_ARN"),
            ProbeInterval = TimeSpan.FromSeconds(environment.GetNumber("LIFEGUARD_PROBE_INTERVAL_SECONDS", 10, 0.1, 900)),
            CheckWindow = TimeSpan.FromSeconds(environment.GetNumber("LIFEGUARD_CHECK_SECONDS", 60, 0.1, 900)),
        };
    }

    private static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> ReadHealthChecks(string? json)
    {
        try
        {
            return json is null
                ? new Dictionary<string, IReadOnlyDictionary<string, string>>()
                : JsonSerializer.Deserialize(json, FailoverJsonContext.Default.IReadOnlyDictionaryStringIReadOnlyDictionaryStringString)
                    ?? throw new InvalidOperationException($"{HealthChecksVariable} is null; it must be a JSON object of groups, each an object of target names and health check ids.");
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"{HealthChecksVariable}: {ex.Message}", ex);
        }
    }
}
