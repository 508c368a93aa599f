using System.Text.Json;
using Lifeguard.Promotion.Configuration;
using Lifeguard.Runtime.Hosting;

namespace Lifeguard.Promotion;

/// <summary>The function's settings, from the environment the CDK construct sets; each error names its variable and field.</summary>
public sealed record PromotionSettings
{
    public const string ClustersVariable = "LIFEGUARD_PROMOTION_CLUSTERS";

    public required IReadOnlyList<ClusterConfig> Clusters { get; init; }

    /// <summary>The SNS topic for promotions, refusals and false alarms; none means report in the logs only.</summary>
    public string? TopicArn { get; init; }

    public static PromotionSettings FromEnvironment(IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var json = environment.GetVariable(ClustersVariable)
            ?? throw new InvalidOperationException($"{ClustersVariable} is not set: it holds the clusters (a JSON array) that the CDK construct writes from the configuration file.");
        IReadOnlyList<ClusterConfig> clusters;
        try
        {
            clusters = JsonSerializer.Deserialize(json, PromotionJsonContext.Default.IReadOnlyListClusterConfig)
                ?? throw new InvalidOperationException($"{ClustersVariable} is null; it must be a JSON array of clusters.");
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"{ClustersVariable}: {ex.Message}", ex);
        }

        var errors = ClusterValidator.Validate(clusters);
        return errors.Count > 0
            ? throw new InvalidOperationException($"{ClustersVariable}: {string.Join(" ", errors)}")
            : new PromotionSettings { Clusters = clusters, TopicArn = environment.GetVariable("LIFEGUARD_TOPIC_ARN") };
    }
}
