using System.Globalization;
using System.Text.RegularExpressions;

namespace Lifeguard.Promotion.Domain;

public enum Dialect
{
    /// <summary>MariaDB 10.x/11.x: SLAVE syntax, MASTER_GTID_WAIT, gtid_slave_pos.</summary>
    MariaDb,

    /// <summary>MySQL 8.0.26+/8.4: REPLICA syntax, super_read_only, GTID auto-position.</summary>
    MySql,
}

/// <summary>The dialect and version, from <c>SELECT VERSION()</c>.</summary>
public sealed partial record ServerVersion(Dialect Dialect, Version Number, string Text)
{
    /// <summary>CHANGE REPLICATION SOURCE came in 8.0.23, log_replica_updates in 8.0.26.</summary>
    public static readonly Version MinimumMySql = new(8, 0, 26);

    public static readonly Version MinimumMariaDb = new(10, 2, 0);

    /// <summary>
    /// "10.11.19-MariaDB-0+deb12u1", "5.5.5-10.6.16-MariaDB" (as older clients were shown it), "8.0.36", "8.4.2-log".
    /// Throws for versions Lifeguard does not promote.
    /// </summary>
    public static ServerVersion Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var mariaDb = text.Contains("MariaDB", StringComparison.OrdinalIgnoreCase);
        var match = VersionPattern().Match(mariaDb && text.StartsWith("5.5.5-", StringComparison.Ordinal) ? text[6..] : text);
        if (!match.Success)
        {
            throw new NotSupportedException($"the server's VERSION() '{text}' is not a MySQL or MariaDB version.");
        }

        var number = new Version(Int(match.Groups[1]), Int(match.Groups[2]), Int(match.Groups[3]));
        var version = new ServerVersion(mariaDb ? Dialect.MariaDb : Dialect.MySql, number, text);
        var minimum = mariaDb ? MinimumMariaDb : MinimumMySql;
        return number >= minimum
            ? version
            : throw new NotSupportedException($"the server is {(mariaDb ? "MariaDB" : "MySQL")} {number}; Lifeguard promotes {(mariaDb ? "MariaDB" : "MySQL")} {minimum} and later.");
    }

    public override string ToString() => $"{(Dialect == Dialect.MariaDb ? "MariaDB" : "MySQL")} {Number}";

    private static int Int(Group group) => int.Parse(group.Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(\d+)\.(\d+)\.(\d+)")]
    private static partial Regex VersionPattern();
}
