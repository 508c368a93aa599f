using Lifeguard.Promotion.Domain;

namespace Lifeguard.Promotion.Tests.Domain;

public sealed class ServerVersionTests
{
    [Theory]
    [InlineData("10.11.19-MariaDB-0+deb12u1", Dialect.MariaDb, "10.11.19")]
    [InlineData("5.5.5-10.6.16-MariaDB-log", Dialect.MariaDb, "10.6.16")]
    [InlineData("11.4.2-MariaDB", Dialect.MariaDb, "11.4.2")]
    [InlineData("8.0.36", Dialect.MySql, "8.0.36")]
    [InlineData("8.4.2-log", Dialect.MySql, "8.4.2")]
    public void Parse_KnownServers_GivesDialectAndVersion(string text, Dialect dialect, string number)
    {
        var version = ServerVersion.Parse(text);

        Assert.Equal((dialect, Version.Parse(number)), (version.Dialect, version.Number));
    }

    [Theory]
    [InlineData("5.7.44-log", "MySQL 5.7.44; Lifeguard promotes MySQL 8.0.26 and later")]
    [InlineData("8.0.22", "MySQL 8.0.22; Lifeguard promotes MySQL 8.0.26 and later")]
    [InlineData("10.1.48-MariaDB", "MariaDB 10.1.48; Lifeguard promotes MariaDB 10.2.0 and later")]
    [InlineData("PostgreSQL 16", "is not a MySQL or MariaDB version")]
    public void Parse_UnsupportedServers_AreRefusedSayingWhich(string text, string message)
    {
        var ex = Assert.Throws<NotSupportedException>(() => ServerVersion.Parse(text));

        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }
}
