using System.Text;
using Lifeguard.Cdk.Configuration;

namespace Lifeguard.Cdk.Common;

public static class EnvironmentSize
{
    /// <summary>Lambda's limit for all environment variables of a function together.</summary>
    public const int LimitBytes = 4096;

    /// <summary>Refuses at synth an environment Lambda would refuse at deploy, naming the configuration field that fills it.</summary>
    /// <param name="runbookUrl">notifications.runbookUrl, which the stack adds to every function.</param>
    public static void Check(IReadOnlyDictionary<string, string> environment, string field, string? runbookUrl)
    {
        ArgumentNullException.ThrowIfNull(environment);
        // The construct adds LIFEGUARD_HANDLER; a deploy-time token (a topic ARN) may resolve longer than it reads here.
        var size = environment.Sum(e => Encoding.UTF8.GetByteCount(e.Key) + Encoding.UTF8.GetByteCount(e.Value)) + 64 + 100
            + (runbookUrl is null ? 0 : Encoding.UTF8.GetByteCount(Lifeguard.Aws.Sns.Runbook.UrlVariable) + Encoding.UTF8.GetByteCount(runbookUrl));
        if (size > LimitBytes)
        {
            throw new ConfigurationException($"{field}: the configuration takes about {size} bytes of environment, over Lambda's {LimitBytes}; split it across fewer entries or shorter names.");
        }
    }
}
