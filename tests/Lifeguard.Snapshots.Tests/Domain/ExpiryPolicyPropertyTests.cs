using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Lifeguard.Snapshots.Domain;

namespace Lifeguard.Snapshots.Tests.Domain;

/// <summary>
/// The expire decision's never-delete rules, over generated estates: volumes that exist or are gone, snapshots of
/// every tier taken over the last year or so with the expiry their tier's retention gives, in every state, with and
/// without the managed and protect tags, some used by an AMI, and sometimes a catalog that says which are due.
/// A failure prints the estate and FsCheck's seed; paste the seed into <c>Replay</c> on the attribute to rerun it.
/// </summary>
public sealed class ExpiryPolicyPropertyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 4, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan StuckPendingAfter = TimeSpan.FromHours(6);
    private static readonly TimeSpan OrphanRetention = TimeSpan.FromDays(30);

    /// <summary>Tiers as configured by default, with the retention that sets each snapshot's expiry.</summary>
    private static readonly (string Tier, Retention Retention)[] Tiers =
    [
        ("3-hourly", Retention.Parse("24 hours")),
        ("daily", Retention.Parse("7 days")),
        ("weekly", Retention.Parse("1 month")),
        ("monthly", Retention.Parse("1 year")),
    ];

    [Property(MaxTest = 300)]
    public Property Decide_AnyEstate_NeverDeletesTheNewestCompletedManagedSnapshotOfAnExistingVolume() =>
        Prop.ForAll(Estates(), estate =>
        {
            var deleted = Decide(estate).Delete.Select(s => s.SnapshotId).ToHashSet(StringComparer.Ordinal);

            foreach (var volume in estate.ExistingVolumes)
            {
                var completed = estate.Snapshots.Where(s => s.Volume == volume && s.State == "completed" && s.IsManaged).ToList();
                if (completed.Count == 0)
                {
                    continue;
                }

                // Two tiers firing together give a volume snapshots started at the same second: one of them survives.
                var newest = completed.Max(s => s.Started ?? DateTimeOffset.MinValue);
                var newestIds = completed.Where(s => (s.Started ?? DateTimeOffset.MinValue) == newest).Select(s => s.Id).ToList();
                Assert.False(newestIds.All(deleted.Contains), $"every newest snapshot of existing {volume} ({string.Join(", ", newestIds)}) is deleted");
            }
        });

    [Property(MaxTest = 300)]
    public Property Decide_AnyEstate_KeepsTheLastSnapshotOfADeletedVolumeForTheOrphanRetentionPastItsExpiry() =>
        Prop.ForAll(Estates(), estate =>
        {
            var deleted = Decide(estate).Delete.Select(s => s.SnapshotId).ToHashSet(StringComparer.Ordinal);

            foreach (var gone in estate.Snapshots.Where(s => s.IsManaged && s.State == "completed" && !estate.ExistingVolumes.Contains(s.Volume)).GroupBy(s => s.Volume))
            {
                // The newest as the policy orders them: by start time, a tie (two tiers firing together) broken by id.
                var last = gone.OrderByDescending(s => s.Started ?? DateTimeOffset.MinValue).ThenByDescending(s => s.Id, StringComparer.Ordinal).First();
                if (last.Expires is { } e && Now < e + OrphanRetention)
                {
                    Assert.DoesNotContain(last.Id, deleted);
                }
            }
        });

    [Property(MaxTest = 300)]
    public Property Decide_AnyEstate_DeletesOnlyWhatEveryRuleAllows() =>
        Prop.ForAll(Estates(), estate =>
        {
            var plan = Decide(estate);

            Assert.Equal(plan.Delete.Count, plan.Delete.Select(s => s.SnapshotId).Distinct(StringComparer.Ordinal).Count());
            foreach (var snapshot in plan.Delete)
            {
                var spec = estate.Snapshots.Single(s => s.Id == snapshot.SnapshotId);
                Assert.True(spec.IsManaged, $"{spec.Id} is not managed");
                Assert.True(spec.Expires is not null, $"{spec.Id} has no valid expiry");
                Assert.True(spec.Expires <= Now, $"{spec.Id} is not due by its tag");
                Assert.True(estate.DueInCatalog?.Contains(spec.Id) ?? true, $"{spec.Id} is not due by the catalog");
                Assert.Equal("completed", spec.State);
                Assert.False(spec.Protected, $"{spec.Id} is protected");
                Assert.DoesNotContain(spec.Id, estate.ImageSnapshots);
            }
        });

    [Property(MaxTest = 300)]
    public Property Decide_AnyEstate_AccountsForEveryDueSnapshotAndDeletesTheOldestExpiryFirst() =>
        Prop.ForAll(Estates(), estate =>
        {
            var plan = Decide(estate);

            // Due by the tag or by the catalog, or with no valid expiry: each is either deleted or kept with a reason,
            // never silently ignored.
            var due = estate.Snapshots.Where(s => s.Expires is null || s.Expires <= Now || estate.DueInCatalog?.Contains(s.Id) == true).Select(s => s.Id).Order(StringComparer.Ordinal);
            Assert.Equal(due, plan.Delete.Select(s => s.SnapshotId).Concat(plan.Skipped.Select(s => s.SnapshotId)).Order(StringComparer.Ordinal));
            var expiries = plan.Delete.Select(s => estate.Snapshots.Single(x => x.Id == s.SnapshotId).Expires!.Value).ToList();
            Assert.Equal(expiries.Order(), expiries);
        });

    private static ExpiryPlan Decide(Estate estate) => ExpiryPolicy.Decide(
        [.. estate.Snapshots.Select(Make)],
        new ExpiryFacts(estate.ExistingVolumes, estate.ImageSnapshots, Now) { StuckPendingAfter = StuckPendingAfter, OrphanRetention = OrphanRetention, DueInCatalog = estate.DueInCatalog });

    /// <summary>
    /// The one place the tests build the snapshot record ExpiryPolicy reads; everything else works on
    /// <see cref="SnapshotSpec"/>, so a change to that record's type touches this method only.
    /// </summary>
    private static Snapshot Make(SnapshotSpec spec) =>
        new(spec.Id, spec.Volume, spec.State, spec.Started, "100%", 8, null, "123456789012",
        [
            .. spec.Managed is { } managed ? [new Ec2Tag(SnapshotTags.Managed, managed)] : Array.Empty<Ec2Tag>(),
            new(SnapshotTags.Tier, spec.Tier),
            new(SnapshotTags.Volume, spec.Volume),
            .. spec.ExpiresTag is { } expires ? [new Ec2Tag(SnapshotTags.ExpiresAt, expires)] : Array.Empty<Ec2Tag>(),
            .. spec.Protected ? [new Ec2Tag(SnapshotTags.Protect, "legal hold")] : Array.Empty<Ec2Tag>(),
        ]);

    private static Arbitrary<Estate> Estates() => Arb.From(
        Gen.Choose(1, 5).SelectMany(volumeCount =>
        {
            var volumes = Enumerable.Range(0, volumeCount).Select(i => $"vol-{i}").ToArray();
            return from existing in Gen.SubListOf(volumes)
                   from snapshots in Gen.Choose(0, 40).SelectMany(n => Gen.CollectToArray(Enumerable.Range(0, n), i => Snapshot($"snap-{i:000}", volumes)))
                   from catalog in Gen.Frequency((7, Gen.Constant<IEnumerable<string>?>(null)), (3, Gen.SubListOf(snapshots.Select(s => s.Id)).Select(ids => (IEnumerable<string>?)ids)))
                   select new Estate(
                       snapshots,
                       existing.ToHashSet(StringComparer.Ordinal),
                       catalog?.ToHashSet(StringComparer.Ordinal));
        }),
        Shrink);

    /// <summary>Fewer snapshots, then none used by an AMI, then no catalog: a failure is reported on the smallest estate that still fails.</summary>
    private static IEnumerable<Estate> Shrink(Estate estate)
    {
        var snapshots = estate.Snapshots;
        if (snapshots.Count > 1)
        {
            yield return estate with { Snapshots = [.. snapshots.Take(snapshots.Count / 2)] };
            yield return estate with { Snapshots = [.. snapshots.Skip(snapshots.Count / 2)] };
        }

        for (var i = 0; i < snapshots.Count; i++)
        {
            yield return estate with { Snapshots = [.. snapshots.Take(i), .. snapshots.Skip(i + 1)] };
        }

        if (estate.Snapshots.Any(s => s.UsedByImage))
        {
            yield return estate with { Snapshots = [.. snapshots.Select(s => s with { UsedByImage = false })] };
        }

        if (estate.DueInCatalog is not null)
        {
            yield return estate with { DueInCatalog = null };
        }
    }

    private static Gen<SnapshotSpec> Snapshot(string id, string[] volumes) =>
        from volume in Gen.Elements(volumes)
        from tier in Gen.Elements(Tiers)
        // Taken on the 3-hour grid over about 400 days, so tiers firing together give equal start times.
        from slotsAgo in Gen.Choose(0, 3200)
        from noStartTime in Gen.Frequency((49, Gen.Constant(false)), (1, Gen.Constant(true)))
        from state in Gen.Frequency((16, Gen.Constant("completed")), (2, Gen.Constant("pending")), (1, Gen.Constant("error")), (1, Gen.Constant("recoverable")))
        from managed in Gen.Frequency((17, Gen.Constant<string?>("true")), (1, Gen.Constant<string?>("TRUE")), (1, Gen.Constant<string?>("false")), (1, Gen.Constant<string?>(null)))
        from expiryKind in Gen.Frequency((18, Gen.Constant(ExpiryKind.Valid)), (1, Gen.Constant(ExpiryKind.Garbage)), (1, Gen.Constant(ExpiryKind.Missing)))
        from isProtected in Gen.Frequency((12, Gen.Constant(false)), (1, Gen.Constant(true)))
        from usedByImage in Gen.Frequency((14, Gen.Constant(false)), (1, Gen.Constant(true)))
        let started = Now.AddMinutes(-10).AddHours(-3 * slotsAgo)
        select new SnapshotSpec(
            id,
            volume,
            tier.Tier,
            noStartTime ? null : started,
            state,
            managed,
            expiryKind switch
            {
                ExpiryKind.Valid => SnapshotSlot.FormatExpiry(tier.Retention.AddTo(started)),
                ExpiryKind.Garbage => "next tuesday",
                _ => null,
            },
            isProtected,
            usedByImage);

    private enum ExpiryKind
    {
        Valid,
        Garbage,
        Missing,
    }

    /// <param name="ExpiresTag">The lifeguard:expires-at tag as written, or null when the snapshot has none.</param>
    /// <param name="UsedByImage">An AMI is made from it (the estate's image set, kept here so a shrunk estate stays consistent).</param>
    private sealed record SnapshotSpec(string Id, string Volume, string Tier, DateTimeOffset? Started, string State, string? Managed, string? ExpiresTag, bool Protected, bool UsedByImage)
    {
        public bool IsManaged => string.Equals(Managed, "true", StringComparison.OrdinalIgnoreCase);

        public DateTimeOffset? Expires => SnapshotSlot.TryParseExpiry(ExpiresTag, out var at) ? at : null;

        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"{Id} {Volume} {Tier} started {(Started is { } at ? SnapshotSlot.FormatExpiry(at) : "(none)")} {State} managed={Managed ?? "-"} expires={ExpiresTag ?? "-"}{(Protected ? " protected" : "")}{(UsedByImage ? " ami" : "")}");
    }

    private sealed record Estate(IReadOnlyList<SnapshotSpec> Snapshots, HashSet<string> ExistingVolumes, HashSet<string>? DueInCatalog)
    {
        public HashSet<string> ImageSnapshots => Snapshots.Where(s => s.UsedByImage).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);

        public override string ToString() =>
            $"existing volumes [{string.Join(", ", ExistingVolumes)}], " +
            $"catalog due {(DueInCatalog is null ? "(none)" : $"[{string.Join(", ", Snapshots.Select(s => s.Id).Where(DueInCatalog.Contains))}]")}{Environment.NewLine}  " +
            string.Join(Environment.NewLine + "  ", Snapshots);
    }
}
