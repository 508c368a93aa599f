using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Amazon.CDK;
using Amazon.CDK.Assertions;
using Lifeguard.Aws.Sns;
using Lifeguard.Cdk.Configuration;
using Lifeguard.TestSupport;

using static Lifeguard.Cdk.Tests.TestStackExtensions;

namespace Lifeguard.Cdk.Tests;

/// <summary>
/// The README's Runbook section against the code: every alarm the stack makes and every notification the functions
/// can send names an entry, every entry says the five things, and no entry is named by nothing.
/// </summary>
public sealed partial class RunbookTests
{
    private static readonly string[] Parts = ["What happened", "What Lifeguard did", "What to check", "What to do", "How to undo"];

    [Fact]
    public void EveryAlarm_DescriptionEndsWithItsRunbookEntry()
    {
        var entries = ReadmeEntries().Keys.ToHashSet(StringComparer.Ordinal);
        var alarms = Template.FromStack(CreateSut()).FindResources("AWS::CloudWatch::Alarm");

        Assert.Equal(21, alarms.Count);
        Assert.All(alarms, alarm =>
        {
            var description = Json(alarm.Value)
                .GetProperty("Properties").GetProperty("AlarmDescription").GetString()!;
            var match = Reference().Match(description);
            Assert.True(match.Success, $"{alarm.Key}: '{description}' does not end with its runbook entry");
            Assert.Contains(match.Groups[1].Value, entries);
            Assert.InRange(description.Length, 1, 1024);
        });
    }

    [Fact]
    public void EveryEntryTheCodeKnows_IsInTheReadme_AndEveryReadmeEntryIsOneOfThem()
    {
        var known = EntryFields().Select(f => (string)f.GetRawConstantValue()!).ToList();

        Assert.Equal(known.Order(StringComparer.Ordinal), ReadmeEntries().Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void EveryEntry_SaysWhatHappenedWhatLifeguardDidWhatToCheckWhatToDoAndHowToUndoIt()
    {
        Assert.All(ReadmeEntries(), entry => Assert.All(Parts, part =>
            Assert.True(entry.Value.Contains($"**{part}**", StringComparison.Ordinal), $"README entry {entry.Key} lacks \"{part}\"")));
    }

    /// <summary>
    /// The notifications are the functions' Notification constructions (each must name an entry: it is a required
    /// argument) and the alarms the CDK constructs' Alarms.Describe calls: every entry is named by at least one.
    /// </summary>
    [Fact]
    public void EveryEntry_IsNamedByANotificationOrAnAlarmInTheCode()
    {
        var sources = SourceFiles("functions").Concat(SourceFiles("cdk"))
            .Where(f => !f.EndsWith($"{Path.DirectorySeparatorChar}Runbook.cs", StringComparison.Ordinal))
            .Select(File.ReadAllText)
            .ToList();
        var named = sources.SelectMany(s => RunbookUse().Matches(s).Select(m => m.Groups[1].Value)).ToHashSet(StringComparer.Ordinal);
        var constants = EntryFields().Select(f => f.Name);

        Assert.Empty(constants.Except(named));
        // Every notification the functions build names its entry (the fourth argument of new Notification(...)).
        var notifications = sources.Sum(s => NotificationConstruction().Count(s));
        Assert.InRange(notifications, 13, 100);
    }

    [Fact]
    public void RunbookUrl_EveryFunctionLinksItsEmailsAndEveryAlarmItsDescription()
    {
        const string url = "https://git.example.com/ops/lifeguard/-/blob/main/README.md";
        var config = LifeguardConfigLoader.Load(Path.Combine(RepositoryPaths.Root, "config", "example.json"));
        var template = Template.FromStack(new LifeguardStack(new App(), "Lifeguard", new LifeguardStackProps
        {
            Config = config with { Notifications = config.Notifications with { RunbookUrl = url } },
            Packager = new FakePackager(),
        }));

        var functions = template.FindResources("AWS::Lambda::Function").Values.Select(Json).ToList();
        Assert.Equal(9, functions.Count);
        Assert.All(functions, f => Assert.Equal(url, f.GetProperty("Properties").GetProperty("Environment").GetProperty("Variables").GetProperty(Runbook.UrlVariable).GetString()));
        Assert.All(template.FindResources("AWS::CloudWatch::Alarm").Values.Select(Json), alarm =>
            Assert.Matches($@"Runbook: ([a-z0-9-]+) \({Regex.Escape(url)}#\1\)$", alarm.GetProperty("Properties").GetProperty("AlarmDescription").GetString()!));
    }

    [Theory]
    [InlineData("README.md")]
    [InlineData("ftp://example.com/README.md")]
    [InlineData("https://example.com/README.md#runbook")]
    public void RunbookUrl_NotAnHttpAddressOfTheReadme_IsRefusedNamingTheField(string url)
    {
        var ex = Assert.Throws<ConfigurationException>(() => LifeguardConfigLoader.Parse(
            $$"""{ "stackName": "Lifeguard", "notifications": { "runbookUrl": "{{url}}" } }""", "test.json"));

        Assert.Contains($"notifications.runbookUrl: '{url}' must be an http(s) address of the README without a #fragment", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>The catalog's entries: its constants but the name of the variable holding the README's address.</summary>
    private static IEnumerable<FieldInfo> EntryFields() =>
        typeof(Runbook).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral && f.Name != nameof(Runbook.UrlVariable));

    /// <summary>Entry name to its text, from `## Runbook` to the next second-level heading.</summary>
    internal static Dictionary<string, string> ReadmeEntries()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md"));
        var start = readme.IndexOf("\n## Runbook\n", StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no ## Runbook section");
        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var section = readme[start..(end < 0 ? readme.Length : end)];
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        var headings = EntryHeading().Matches(section);
        for (var i = 0; i < headings.Count; i++)
        {
            var bodyEnd = i + 1 < headings.Count ? headings[i + 1].Index : section.Length;
            Assert.True(entries.TryAdd(headings[i].Groups[1].Value, section[headings[i].Index..bodyEnd]), $"README entry {headings[i].Groups[1].Value} twice");
        }

        return entries;
    }

    private static LifeguardStack CreateSut() => new(new App(), "Lifeguard", new LifeguardStackProps
    {
        Config = LifeguardConfigLoader.Load(Path.Combine(RepositoryPaths.Root, "config", "example.json")),
        Packager = new FakePackager(),
    });

    [GeneratedRegex(@"Runbook: ([a-z0-9-]+) \(README\.md#\1\)$")]
    private static partial Regex Reference();

    [GeneratedRegex(@"^### ([a-z0-9-]+)\s*$", RegexOptions.Multiline)]
    private static partial Regex EntryHeading();

    [GeneratedRegex(@"\bRunbook\.([A-Z][A-Za-z]+)\b")]
    private static partial Regex RunbookUse();

    [GeneratedRegex(@"new (Aws\.Sns\.)?Notification\(")]
    private static partial Regex NotificationConstruction();
}
