using Lifeguard.TestSupport;
using Lifeguard.Aws.Ssm;

namespace Lifeguard.Aws.Tests.Ssm;

[Trait("Category", "Integration")]
public sealed class SsmClientTests(MotoFixture moto) : MotoTest(moto)
{
    [Fact]
    public async Task SendCommandAsync_RunShellScript_Boto3SeesTheCommandAndWeReadItsInvocation()
    {
        var instanceId = (await Moto.Boto3Async("""out(client("ec2").run_instances(ImageId="ami-12c6146b", MinCount=1, MaxCount=1)["Instances"][0]["InstanceId"])""")).GetString()!;
        var client = new SsmClient(Moto.Configuration());

        var commandId = await client.SendCommandAsync(new SendCommandRequest(
            "AWS-RunShellScript",
            [instanceId],
            new Dictionary<string, IReadOnlyList<string>> { ["commands"] = ["fsfreeze --freeze /data"] })
        { TimeoutSeconds = 60, Comment = "lifeguard freeze" }, CancellationToken.None);
        var invocation = await client.GetCommandInvocationAsync(commandId, instanceId, CancellationToken.None);

        var seen = await Moto.Boto3Async($$"""
            c = client("ssm").list_commands(CommandId="{{commandId}}")["Commands"][0]
            out({"document": c["DocumentName"], "commands": c["Parameters"]["commands"], "comment": c["Comment"]})
            """);
        Assert.Equal("AWS-RunShellScript", seen.GetProperty("document").GetString());
        Assert.Equal(["fsfreeze --freeze /data"], seen.GetProperty("commands").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("lifeguard freeze", seen.GetProperty("comment").GetString());
        Assert.Equal(commandId, invocation.CommandId);
        Assert.Equal(instanceId, invocation.InstanceId);
        Assert.False(string.IsNullOrEmpty(invocation.Status));
    }
}
