using System.Security.Cryptography;
using System.Text;
using Lifeguard.Runtime.Hosting;
using Lifeguard.Snapshots.Domain;

namespace Lifeguard.Snapshots.Drills;

/// <summary>One `drill` invocation: its id, options and clock, and the tags every volume it creates carries from creation.</summary>
public sealed class DrillRun(string runId, bool dryRun, DrillOptions options, InvocationContext context)
{
    public string RunId => runId;

    public bool DryRun => dryRun;

    public DrillOptions Options => options;

    public InvocationContext Context => context;

    public TimeProvider Time => context.Time;

    public IReadOnlyList<Ec2Tag> Tags(Volume source, Snapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(snapshot);
        var name = source.Tags.FirstOrDefault(t => t.Key == SnapshotTags.Name)?.Value;
        return
        [
            new(DrillTags.Drill, runId),
            new(DrillTags.Snapshot, snapshot.SnapshotId),
            new(DrillTags.Of, source.VolumeId),
            new(SnapshotTags.Name, $"lifeguard restore drill of {name ?? source.VolumeId}"),
        ];
    }

    /// <summary>
    /// CreateVolume's idempotency token: the same run and snapshot give the same token, so a retried call (or a repeated
    /// delivery of the same invocation) finds the volume already made instead of making a second one.
    /// </summary>
    public string ClientToken(Snapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{runId}/{snapshot.SnapshotId}"));
        return "lifeguard-drill-" + Convert.ToHexStringLower(hash)[..40];
    }
}
