namespace Lifeguard.TestSupport;

/// <summary>
/// A network partition between one local user and one server: an iptables OUTPUT rule drops that user's TCP packets
/// to the address and port, while every other process (the servers, their replicas) still reaches it. Removed on
/// dispose. Needs root and iptables (eng/ensure-tools.sh installs it).
/// </summary>
public sealed class Firewall : IDisposable
{
    /// <summary>The user a function runs as when a test partitions it from a server: nobody.</summary>
    public const int PartitionedUid = 65534;

    private readonly string[] _rule;
    private bool _removed;

    private Firewall(string[] rule) => _rule = rule;

    public static Firewall DropTcp(int uid, string host, int port)
    {
        if (Environment.UserName != "root")
        {
            throw new InvalidOperationException("partition tests add an iptables rule and run the function as another user: run the tests as root (CI does).");
        }

        string[] rule = ["OUTPUT", "-p", "tcp", "-d", host, "--dport", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-m", "owner", "--uid-owner", uid.ToString(System.Globalization.CultureInfo.InvariantCulture), "-j", "DROP"];
        ExternalTool.Run("iptables", ["-w", "5", "-A", .. rule], TimeSpan.FromSeconds(20));
        return new Firewall(rule);
    }

    public void Dispose()
    {
        if (!_removed)
        {
            ExternalTool.Run("iptables", ["-w", "5", "-D", .. _rule], TimeSpan.FromSeconds(20));
            _removed = true;
        }
    }
}
