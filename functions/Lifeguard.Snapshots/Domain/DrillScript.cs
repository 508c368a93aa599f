using System.Text.RegularExpressions;

namespace Lifeguard.Snapshots.Domain;

/// <summary>
/// The shell script a drill runs on the drill instance: find the restored volume's block device, export it as
/// LIFEGUARD_DRILL_DEVICE, then validate: by default a read-only check and a read-only mount of every filesystem on it,
/// or the command the deployment configures. Exit 0 passes; anything else fails, with the output as the reason.
/// </summary>
public static partial class DrillScript
{
    /// <summary>
    /// The device names a drill may ask for in AttachVolume, last letters first (the instance's own volumes usually take
    /// the first). Nitro instances show the volume as an NVMe device instead, found by its volume id under
    /// /dev/disk/by-id; Xen ones as /dev/xvdX.
    /// </summary>
    public static readonly IReadOnlyList<string> Devices = [.. "zyxwvutsrqponmlkjihgf".Select(c => $"/dev/sd{c}")];

    /// <summary>
    /// The first of <see cref="Devices"/> the instance does not use (as /dev/sdX or /dev/xvdX): a leftover still
    /// attached, or the instance's own volumes, never block a drill. Null when all are taken.
    /// </summary>
    public static string? FreeDevice(Instance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var used = instance.BlockDevices.Select(b => b.DeviceName.Replace("/dev/xvd", "/dev/sd", StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
        return Devices.FirstOrDefault(d => !used.Contains(d));
    }

    /// <summary>
    /// Every filesystem on the device (each partition, or the whole device). The restored volume is a throwaway copy, so
    /// it is first mounted read-write, which replays the journal (ext) or log (XFS) of a crash-consistent snapshot as the
    /// server would on boot, and then given a full check that writes nothing (`e2fsck -f -n`, `xfs_repair -n`): without
    /// the replay a dirty XFS log fails the check for nothing, and `fsck -n` without `-f` trusts a clean flag and checks
    /// nothing. Whatever happens, the mount is undone on exit.
    /// </summary>
    public static readonly IReadOnlyList<string> DefaultValidation =
    [
        "rc=0; checked=0",
        "parts=$(lsblk -lnpo NAME,TYPE \"$LIFEGUARD_DRILL_DEVICE\" | awk '$2==\"part\"{print $1}')",
        "[ -n \"$parts\" ] || parts=\"$LIFEGUARD_DRILL_DEVICE\"",
        "mnt=$(mktemp -d /tmp/lifeguard-drill.XXXXXX)",
        "trap 'umount \"$mnt\" 2>/dev/null; rmdir \"$mnt\" 2>/dev/null' EXIT",
        "for p in $parts; do",
        "  fs=$(blkid -o value -s TYPE \"$p\" 2>/dev/null) || fs=",
        "  case \"$fs\" in",
        "    ''|swap) echo \"$p: no filesystem to check (${fs:-none})\"; continue ;;",
        // A restored XFS shares its UUID with the original, which may be mounted on the same instance: nouuid.
        "    xfs) opts=nouuid; check='xfs_repair -n' ;;",
        "    ext2|ext3|ext4) opts=defaults; check='e2fsck -f -n' ;;",
        "    *) opts=defaults; check='fsck -n' ;;",
        "  esac",
        "  checked=$((checked + 1))",
        "  if mount -o \"$opts\" \"$p\" \"$mnt\"; then echo \"$p ($fs) mounts:\"; ls -A \"$mnt\" | head -n 20; umount \"$mnt\" || rc=1; else echo \"$p ($fs) does not mount\"; rc=1; continue; fi",
        "  $check \"$p\" || rc=1",
        "done",
        "[ \"$checked\" -gt 0 ] || { echo \"no filesystem found on $LIFEGUARD_DRILL_DEVICE\"; rc=1; }",
        "echo \"lifeguard drill: $checked filesystem(s) checked, exit $rc\"",
        "exit $rc",
    ];

    /// <param name="command">The configured validation, run with the device in LIFEGUARD_DRILL_DEVICE; null for <see cref="DefaultValidation"/>.</param>
    /// <param name="device">The device name the volume was attached as, one of <see cref="Devices"/>.</param>
    public static IReadOnlyList<string> Build(string volumeId, string snapshotId, string device, string? command)
    {
        if (!Devices.Contains(device))
        {
            throw new ArgumentException($"'{device}' is not one of the drill's device names.", nameof(device));
        }

        if (!VolumeId().IsMatch(volumeId))
        {
            throw new ArgumentException($"'{volumeId}' is not a volume id.", nameof(volumeId));
        }

        if (!SnapshotId().IsMatch(snapshotId))
        {
            throw new ArgumentException($"'{snapshotId}' is not a snapshot id.", nameof(snapshotId));
        }

        List<string> script =
        [
            "set -u",
            $"vol={volumeId}",
            // udev links the NVMe device by its volume id without the hyphen; give it a minute to appear after attaching.
            $"nvme=/dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_{volumeId.Replace("-", string.Empty, StringComparison.Ordinal)}",
            "dev=",
            "for i in $(seq 1 60); do",
            $"  for c in \"$nvme\" {device} /dev/xvd{device[^1]}; do if [ -b \"$c\" ]; then dev=$(readlink -f \"$c\"); break 2; fi; done",
            "  sleep 1",
            "done",
            "if [ -z \"$dev\" ]; then echo \"lifeguard drill: the restored volume $vol did not appear on this instance\" >&2; exit 2; fi",
            $"export LIFEGUARD_DRILL_DEVICE=\"$dev\" LIFEGUARD_DRILL_VOLUME_ID=\"$vol\" LIFEGUARD_DRILL_SNAPSHOT_ID={snapshotId}",
            "echo \"lifeguard drill: $vol is $dev\"",
        ];
        script.AddRange(command is null ? DefaultValidation : command.ReplaceLineEndings("\n").Split('\n'));
        return script;
    }

    /// <summary>The last lines of a command's output, at most <paramref name="maxCharacters"/>, for reports and alerts.</summary>
    public static string Tail(string output, int maxCharacters = 1000)
    {
        ArgumentNullException.ThrowIfNull(output);
        var trimmed = output.TrimEnd();
        if (trimmed.Length <= maxCharacters)
        {
            return trimmed;
        }

        var tail = trimmed[^maxCharacters..];
        var newline = tail.IndexOf('\n', StringComparison.Ordinal);
        return "..." + (newline >= 0 && newline < tail.Length - 1 ? tail[(newline + 1)..] : tail);
    }

    [GeneratedRegex("^vol-[0-9a-f]{8,17}$")]
    private static partial Regex VolumeId();

    [GeneratedRegex("^snap-[0-9a-f]{8,17}$")]
    private static partial Regex SnapshotId();
}
