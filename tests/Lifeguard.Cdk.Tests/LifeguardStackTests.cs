using System.Diagnostics;
using System.Text.Json;
using Amazon.CDK;
using Amazon.CDK.Assertions;
using Lifeguard.Cdk.Common;
using Lifeguard.Cdk.Configuration;
using Lifeguard.TestSupport;

namespace Lifeguard.Cdk.Tests;

public sealed class LifeguardStackTests
{
    [Fact]
    public void LifeguardStack_ExampleConfiguration_HasTheNotificationTopic()
    {
        var template = Template.FromStack(CreateSut());

        // The operators' topic, and the job status topic for the application.
        template.ResourceCountIs("AWS::SNS::Topic", 2);
        template.HasResourceProperties("AWS::SNS::Topic", new Dictionary<string, object> { ["DisplayName"] = "Lifeguard" });
        template.HasResourceProperties("AWS::SNS::Subscription", new Dictionary<string, object> { ["Endpoint"] = "ops@example.com" });
    }

    [Fact]
    public void LifeguardStack_EveryFunction_RunsANativeBootstrapOnProvidedAl2023()
    {
        var packager = new FakePackager();

        var template = Template.FromStack(CreateSut(packager));

        var functions = template.FindResources("AWS::Lambda::Function").Values
            .Select(f => TestStackExtensions.Json(f).GetProperty("Properties"))
            .ToList();
        // snapshot, expire, copy (the example copies its monthly tier), coverage and drill, failover (scheduled and by
        // hand), jobs, promotion: one package per capability.
        Assert.Equal(9, functions.Count);
        Assert.All(functions, f =>
        {
            Assert.Equal("provided.al2023", f.GetProperty("Runtime").GetString());
            Assert.Equal("bootstrap", f.GetProperty("Handler").GetString());
            Assert.Equal(["x86_64"], f.GetProperty("Architectures").EnumerateArray().Select(a => a.GetString()));
        });
        Assert.Equal(["Lifeguard.Failover", "Lifeguard.Jobs", "Lifeguard.Promotion", "Lifeguard.Snapshots"], packager.Requested.Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    [Trait("Category", "Integration")]
    public Task LifeguardStack_SynthesizedTemplate_PassesCfnLint() => AssertCfnLintAcceptsAsync(CreateSut());

    [Fact]
    [Trait("Category", "Integration")]
    public Task LifeguardStack_WithAFunction_PassesCfnLint()
    {
        var stack = CreateSut();
        var function = new LifeguardFunction(stack, "Echo", new LifeguardFunctionProps
        {
            ProjectName = "Lifeguard.Snapshots",
            HandlerName = "snapshot",
            Packager = new FakePackager(),
            Description = "Takes snapshots",
        });
        stack.Notifications.GrantPublish(function.Function);
        return AssertCfnLintAcceptsAsync(stack);
    }

    private static async Task AssertCfnLintAcceptsAsync(Stack stack)
    {
        var template = Template.FromStack(stack).ToJSON();
        var path = Path.Combine(Path.GetTempPath(), $"lifeguard-{Guid.NewGuid():N}.template.json");
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(template, TemplateJsonContext.Default.DictionaryStringObject));
        try
        {
            using var lint = Process.Start(new ProcessStartInfo("cfn-lint", [path])
            {
                WorkingDirectory = RepositoryPaths.Root, // picks up .cfnlintrc.yaml
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var output = await lint.StandardOutput.ReadToEndAsync() + await lint.StandardError.ReadToEndAsync();
            await lint.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
            Assert.True(lint.ExitCode == 0, $"cfn-lint exited {lint.ExitCode}:\n{output}");
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static LifeguardStack CreateSut(FakePackager? packager = null) => new(new App(), "Lifeguard", new LifeguardStackProps
    {
        Config = LifeguardConfigLoader.Load(Path.Combine(RepositoryPaths.Root, "config", "example.json")),
        Packager = packager ?? new FakePackager(),
    });
}
