using Lifeguard.Aws;
using Lifeguard.Runtime.Hosting;
using Lifeguard.Snapshots.Adapters;
using Lifeguard.Snapshots.Domain;

namespace Lifeguard.Snapshots;

/// <summary>
/// One `snapshot` run's state: what it creates and tags, and what happened to each target. Targets run in parallel, so
/// the outcomes are kept under a lock.
/// </summary>
/// <param name="lockMode">The EBS snapshot lock each snapshot gets until it expires, or null.</param>
/// <param name="locker">Locks and tags them; required when <paramref name="lockMode"/> is set.</param>
public sealed class SnapshotRun(
    string tier, string slot, DateTimeOffset expiresAt, bool dryRun, InvocationContext context, string? lockMode = null, (ISnapshotLocker Locker, ISnapshotTagger Tagger)? locker = null)
{
    private readonly Lock _gate = new();
    private readonly List<TargetOutcome> _created = [];
    private readonly List<TargetOutcome> _skipped = [];
    private readonly List<TargetOutcome> _failed = [];
    private readonly List<TargetOutcome> _degraded = [];

    public string Tier => tier;

    public string Slot => slot;

    public bool DryRun => dryRun;

    public DateTimeOffset ExpiresAt => expiresAt;

    public InvocationContext Context => context;

    public string Description => $"Lifeguard {slot}";

    /// <summary>
    /// The tags every snapshot of this run carries from its creation; `lifeguard:consistency` starts at `crash` and is
    /// raised only when a freeze is known to have held (<see cref="FreezeSession"/>).
    /// </summary>
    public IEnumerable<Ec2Tag> Tags(string? name)
    {
        yield return new(SnapshotTags.Managed, "true");
        yield return new(SnapshotTags.Tier, tier);
        yield return new(SnapshotTags.ExpiresAt, SnapshotSlot.FormatExpiry(expiresAt));
        yield return new(SnapshotTags.Slot, slot);
        yield return new(SnapshotTags.Consistency, SnapshotTags.Crash);
        if (lockMode is not null)
        {
            // Raised to the mode once the lock holds (LockAsync): a snapshot that says `none` was not locked.
            yield return new(SnapshotTags.Lock, "none");
        }

        if (name is not null)
        {
            yield return new(SnapshotTags.Name, name);
        }
    }

    public void Skip(string target, IReadOnlyList<Snapshot> existing, string reason)
    {
        context.Logger.Skipped(target, reason);
        Add(_skipped, new TargetOutcome(target, [.. existing.Select(s => s.SnapshotId)], reason));
    }

    public async Task CreateAsync(string target, Func<Task<CreatedSnapshots>> create, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(create);
        if (dryRun)
        {
            Add(_created, new TargetOutcome(target, [], "dry run: would snapshot"));
            return;
        }

        if (cancellationToken.IsCancellationRequested)
        {
            Add(_failed, new TargetOutcome(target, [], "not reached before the deadline"));
            return;
        }

        try
        {
            var created = await LockAsync(await create().ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            var ids = created.Snapshots.Select(s => s.SnapshotId).ToList();
            context.Logger.Created(string.Join(',', ids), target, slot, SnapshotSlot.FormatExpiry(expiresAt));
            Add(_created, new TargetOutcome(target, ids, created.Detail));
            if (created.Degraded)
            {
                context.Logger.Degraded(target, created.Detail);
                Add(_degraded, new TargetOutcome(target, ids, created.Detail));
            }
        }
        catch (Exception ex) when (ex is AwsApiException or InvalidOperationException or TimeoutException or ArgumentException
            || (ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            context.Logger.Failed(ex, target);
            Add(_failed, new TargetOutcome(target, [], ex.Message));
        }
    }

    /// <summary>
    /// Locks the target's new snapshots until they expire, then tags them with the mode. A lock that failed leaves them
    /// tagged `lifeguard:lock=none` and makes the target degraded (reported, alerted): never a silent fallback.
    /// </summary>
    private async Task<CreatedSnapshots> LockAsync(CreatedSnapshots created, CancellationToken cancellationToken)
    {
        if (lockMode is null)
        {
            return created;
        }

        var failures = new List<string>();
        var locked = new List<string>();
        foreach (var snapshot in created.Snapshots)
        {
            try
            {
                var (snapshotLocker, _) = locker ?? throw new InvalidOperationException("no snapshot locker is configured");
                await snapshotLocker.LockSnapshotAsync(snapshot.SnapshotId, lockMode, expiresAt, cancellationToken).ConfigureAwait(false);
                locked.Add(snapshot.SnapshotId);
            }
            catch (Exception ex) when (ex is AwsApiException or InvalidOperationException || (ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                failures.Add($"{snapshot.SnapshotId} not locked ({lockMode} until {SnapshotSlot.FormatExpiry(expiresAt)}): {ex.Message}");
            }
        }

        if (locked.Count > 0)
        {
            try
            {
                await locker!.Value.Tagger.TagAsync(locked, [new Ec2Tag(SnapshotTags.Lock, lockMode)], cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is AwsApiException || (ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                // Locked all the same; only the tag is behind, which the report says.
                failures.Add($"locked {string.Join(", ", locked)}, but could not tag {SnapshotTags.Lock}={lockMode}: {ex.Message}");
            }
        }

        return failures.Count == 0
            ? created with { Detail = Join(created.Detail, $"locked ({lockMode}) until {SnapshotSlot.FormatExpiry(expiresAt)}") }
            : created with { Detail = Join(created.Detail, string.Join("; ", failures)), Degraded = true };
    }

    /// <summary>
    /// A repeated delivery or a follow-up finds a target already snapshotted in this slot: if the run that made the
    /// snapshot ended before locking it (still `lifeguard:lock=none`), lock it now.
    /// </summary>
    public async Task LockLeftUnlockedAsync(string target, IReadOnlyList<Snapshot> existing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(existing);
        var unlocked = existing.Where(s => s.Tag(SnapshotTags.Lock) == "none").ToList();
        if (lockMode is null || dryRun || unlocked.Count == 0)
        {
            return;
        }

        var locked = await LockAsync(new CreatedSnapshots(unlocked), cancellationToken).ConfigureAwait(false);
        if (locked.Degraded)
        {
            context.Logger.Degraded(target, locked.Detail);
            Add(_degraded, new TargetOutcome(target, [.. unlocked.Select(s => s.SnapshotId)], locked.Detail));
        }
    }

    private static string Join(string? first, string second) => first is null ? second : $"{first}; {second}";

    /// <summary>Targets the deadline kept from being started, when no follow-up takes them over.</summary>
    public void NotReached(IEnumerable<string> targets, string detail)
    {
        foreach (var target in targets)
        {
            Add(_failed, new TargetOutcome(target, [], detail));
        }
    }

    public SnapshotReport Report(int targets, SnapshotEvent? followUp, bool handedOff)
    {
        lock (_gate)
        {
            return new(tier, slot, SnapshotSlot.FormatExpiry(expiresAt), dryRun, [.. _created], [.. _skipped], [.. _failed], [.. _degraded], targets, followUp, handedOff);
        }
    }

    private void Add(List<TargetOutcome> outcomes, TargetOutcome outcome)
    {
        lock (_gate)
        {
            outcomes.Add(outcome);
        }
    }
}
