using System.Net;
using Lifeguard.Aws.Route53;
using Lifeguard.Failover.Adapters;
using Lifeguard.Failover.Configuration;
using Lifeguard.Failover.Tests.Adapters;
using Lifeguard.Runtime.Hosting;
using Lifeguard.TestSupport;

namespace Lifeguard.Failover.Tests;

/// <summary>
/// The handler end to end: real HTTP servers on 127.0.0.2 (LB1) and 127.0.0.3 (LB2), the record in moto's Route 53
/// (or, for races, in a zone with Route 53's documented batch semantics), rounds 100 ms apart.
/// </summary>
[Trait("Category", "Integration")]
public sealed class FailoverHandlerTests(MotoFixture moto) : MotoTest(moto)
{
    private const string Lb1Address = "127.0.0.2";
    private const string Lb2Address = "127.0.0.3";
    private readonly RecordingNotifier _notifier = new();
    private HealthServer _lb1 = null!;
    private HealthServer _lb2 = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _lb1 = await HealthServer.StartAsync(IPAddress.Parse(Lb1Address));
        _lb2 = await HealthServer.StartAsync(IPAddress.Parse(Lb2Address));
    }

    public override async Task DisposeAsync()
    {
        await _lb1.DisposeAsync();
        await _lb2.DisposeAsync();
    }

    [Fact]
    public async Task Check_ActiveServerKilled_MovesTheRecordAtTheThirdFailedRoundAndTellsOnce()
    {
        var zone = await CreateZoneAsync(Lb1Address);
        await _lb1.StopAsync();

        var report = await CheckAsync(zone, rounds: 5);

        var group = Assert.Single(report.Groups);
        Assert.Equal(("switched", "lb2", Lb2Address), (group.Outcome, group.Active, group.Current));
        Assert.Equal(Lb2Address, await ValueAsync(zone));
        Assert.Equal(60, await TtlAsync(zone));
        var sent = Assert.Single(_notifier.Sent);
        Assert.Equal("Lifeguard: A lb.example.com moved to lb2", sent.Subject);
        Assert.Contains("lb1 connection refused", sent.SmsText, StringComparison.Ordinal);
        Assert.Contains("lb1 127.0.0.2: down (3 failed in a row)", sent.FullText, StringComparison.Ordinal);
        Assert.Contains("Probe of lb2 just before switching: HTTP 200, body has 'OK'", sent.FullText, StringComparison.Ordinal);
        Assert.Equal("round 3: lb1 is down; lb2 is up", group.Events[0]);
        Assert.Contains("last-switch", await StateAsync(zone), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_SingleFailedProbeBetweenGoodOnes_NeverSwitches()
    {
        var zone = await CreateZoneAsync(Lb1Address);

        foreach (var mode in new[] { HealthMode.ServerError, HealthMode.Ok, HealthMode.ServerError, HealthMode.Ok, HealthMode.WrongBody, HealthMode.Ok })
        {
            _lb1.Mode = mode;
            var report = await CheckAsync(zone, rounds: 1);
            Assert.Equal("healthy", report.Groups[0].Outcome);
        }

        Assert.Equal(Lb1Address, await ValueAsync(zone));
        Assert.Empty(_notifier.Sent);
    }

    [Fact]
    public async Task Check_FailuresSpreadOverInvocations_AddUpThroughTheStoredState()
    {
        var zone = await CreateZoneAsync(Lb1Address);
        _lb1.Mode = HealthMode.ServerError;

        var outcomes = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            outcomes.Add((await CheckAsync(zone, rounds: 1)).Groups[0].Outcome);
        }

        Assert.Equal(["healthy", "healthy", "switched"], outcomes);
        Assert.Equal(Lb2Address, await ValueAsync(zone));
    }

    [Fact]
    public async Task Check_EveryServerDownForSeveralMinutes_HoldsTheRecordAndAlertsOnce()
    {
        var zone = await CreateZoneAsync(Lb1Address);
        await _lb1.StopAsync();
        _lb2.Mode = HealthMode.ServerError;

        var outcomes = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            outcomes.Add((await CheckAsync(zone, rounds: 4)).Groups[0].Outcome);
        }

        Assert.Equal(["all-down", "all-down", "all-down"], outcomes);
        Assert.Equal(Lb1Address, await ValueAsync(zone));
        var sent = Assert.Single(_notifier.Sent);
        Assert.Equal("Lifeguard: every target of web is down", sent.Subject);
        Assert.Contains("lb1 connection refused, lb2 HTTP 500", sent.SmsText, StringComparison.Ordinal);

        _lb2.Mode = HealthMode.Ok;
        var recovered = await CheckAsync(zone, rounds: 4);

        Assert.Equal("switched", recovered.Groups[0].Outcome);
        Assert.Equal(Lb2Address, await ValueAsync(zone));
    }

    [Fact]
    public async Task Check_RecordPointedElsewhereBySomeone_IsLeftAlone()
    {
        var zone = await CreateZoneAsync("192.0.2.99");
        await _lb1.StopAsync();

        var report = await CheckAsync(zone, rounds: 4);

        Assert.Equal(("unknown-value", null), (report.Groups[0].Outcome, report.Groups[0].Active));
        Assert.Equal("192.0.2.99", await ValueAsync(zone));
        Assert.Empty(_notifier.Sent);
    }

    [Fact]
    public async Task Check_TwoCheckersAtOnce_ExactlyOneSwitches()
    {
        var route53 = new StrictRoute53();
        route53.Put(new ResourceRecordSet("lb.example.com.", "A", 60, [Lb1Address]));
        await _lb1.StopAsync();
        var first = CreateSut(StrictGroup(), route53);
        var second = CreateSut(StrictGroup(), route53);

        var reports = await Task.WhenAll(
            first.HandleAsync(Check(rounds: 4), Context(), CancellationToken.None),
            second.HandleAsync(Check(rounds: 4), Context(), CancellationToken.None));

        // The other saw the state written meanwhile (or the record moved) and did not act.
        Assert.Single(reports, r => r.Groups[0].Outcome == "switched");
        Assert.Contains(reports.Single(r => r.Groups[0].Outcome != "switched").Groups[0].Outcome, (string[])["conflict", "already-switched"]);
        Assert.Equal(Lb2Address, route53.Value("lb.example.com.", "A"));
        Assert.Single(_notifier.Sent);
        Assert.Contains(route53.Values("_lifeguard.lb.example.com.", "TXT"), v => v.StartsWith("\"last-switch ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Check_SomeoneElseSwitchedToAnotherTargetMeanwhile_IsRespected()
    {
        var route53 = new StrictRoute53();
        route53.Put(new ResourceRecordSet("lb.example.com.", "A", 60, [Lb1Address]));
        await _lb1.StopAsync();
        var racer = new RacingRoute53(route53, () => route53.Put(new ResourceRecordSet("lb.example.com.", "A", 300, ["127.0.0.4"])));

        var report = await CreateSut(StrictGroup(), racer).HandleAsync(Check(rounds: 3), Context(), CancellationToken.None);

        Assert.Equal(("conflict", "127.0.0.4"), (report.Groups[0].Outcome, report.Groups[0].Current));
        Assert.Equal("127.0.0.4", route53.Value("lb.example.com.", "A"));
        Assert.Empty(_notifier.Sent);
    }

    [Fact]
    public async Task Status_ActiveServerDead_ReportsAndChangesNothing()
    {
        var zone = await CreateZoneAsync(Lb1Address);
        await _lb1.StopAsync();

        var report = await CreateSut(Group(zone)).HandleAsync(new FailoverEvent { Action = "status" }, Context(), CancellationToken.None);

        var lb1 = report.Groups[0].Targets.Single(t => t.Name == "lb1");
        Assert.Equal("connection refused", Assert.Single(lb1.Probes).Detail);
        Assert.Equal(Lb1Address, await ValueAsync(zone));
        Assert.Null(await StateAsync(zone));
    }

    [Fact]
    public async Task Check_DryRun_SaysWhatItWouldDoAndChangesNothing()
    {
        var zone = await CreateZoneAsync(Lb1Address);
        await _lb1.StopAsync();

        var report = await CreateSut(Group(zone)).HandleAsync(Check(rounds: 4) with { DryRun = true }, Context(), CancellationToken.None);

        Assert.Equal("would-switch", report.Groups[0].Outcome);
        Assert.Contains(report.Groups[0].Events, e => e.StartsWith("dry run: would move A lb.example.com from 127.0.0.2 to lb2", StringComparison.Ordinal));
        Assert.Equal(Lb1Address, await ValueAsync(zone));
        Assert.Null(await StateAsync(zone));
        Assert.Empty(_notifier.Sent);
    }

    [Fact]
    public async Task Switch_ByHandToAFailingTarget_IsRefusedUnlessForced()
    {
        var zone = await CreateZoneAsync(Lb1Address);
        _lb2.Mode = HealthMode.ServerError;
        var handler = CreateSut(Group(zone));

        var refused = await handler.HandleAsync(new FailoverEvent { Action = "switch", Group = "web", Target = "lb2" }, Context(), CancellationToken.None);
        var forced = await handler.HandleAsync(new FailoverEvent { Action = "switch", Group = "web", Target = "lb2", Force = true }, Context(), CancellationToken.None);

        Assert.Equal("refused", refused.Groups[0].Outcome);
        Assert.Equal("switched", forced.Groups[0].Outcome);
        Assert.True(forced.Groups[0].Targets.Single(t => t.Name == "lb2").Up, "the operator vouched for lb2: it starts as up, not as down");
        Assert.Equal(Lb2Address, await ValueAsync(zone));
        Assert.Contains("by hand", Assert.Single(_notifier.Sent).FullText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_ElasticIpOnTheDeadServer_MovesToTheOtherInstance()
    {
        var (allocation, first, second) = await Moto.ElasticIpOnFirstOfTwoAsync();
        await _lb1.StopAsync();
        var group = ElasticIpGroup(allocation, first, second);

        var report = await CreateSut(group).HandleAsync(Check(rounds: 3), Context(), CancellationToken.None);

        Assert.Equal(("switched", second), (report.Groups[0].Outcome, report.Groups[0].Current));
        var holder = await Moto.Boto3Async($$"""out(client("ec2").describe_addresses(AllocationIds=["{{allocation}}"])["Addresses"][0]["InstanceId"])""");
        Assert.Equal(second, holder.GetString());
    }

    [Fact]
    public async Task Check_ElasticIpEveryTargetDownThenBack_TellsOnceEachAndNothingOnQuietRuns()
    {
        var (allocation, first, second) = await Moto.ElasticIpOnFirstOfTwoAsync();
        var group = ElasticIpGroup(allocation, first, second);
        var sut = CreateSut(group);
        _lb1.Mode = HealthMode.ServerError;
        _lb2.Mode = HealthMode.ServerError;

        for (var i = 0; i < 2; i++)
        {
            Assert.Equal("all-down", (await sut.HandleAsync(Check(rounds: 4), Context(), CancellationToken.None)).Groups[0].Outcome);
        }

        _lb1.Mode = HealthMode.Ok;
        _lb2.Mode = HealthMode.Ok;
        for (var i = 0; i < 4; i++)
        {
            await sut.HandleAsync(Check(rounds: 4), Context(), CancellationToken.None);
        }

        // One all-down alert and one recovery: the cleared all-down-since tag no longer reads back as a fresh recovery.
        Assert.Equal(2, _notifier.Sent.Count);
        Assert.Equal("Lifeguard: every target of web is down", _notifier.Sent[0].Subject);
        var tags = await Moto.Boto3Async($$"""out(sorted(t["Key"] for t in client("ec2").describe_addresses(AllocationIds=["{{allocation}}"])["Addresses"][0].get("Tags", [])))""");
        Assert.DoesNotContain("lifeguard:all-down-since", tags.EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public async Task Check_AllDownThenRecovered_GroupMetricsCountTheMinutesInEachStateAndTheAlerts()
    {
        var zone = await CreateZoneAsync(Lb1Address);
        var sut = CreateSut(Group(zone));
        var lines = new List<System.Text.Json.JsonElement>();
        async Task RunAsync()
        {
            using var output = new StringWriter();
            var context = TestContexts.Create("failover", TimeSpan.FromSeconds(60), metrics: output);
            await sut.HandleAsync(Check(rounds: 4), context, CancellationToken.None);
            context.Metrics.Flush();
            lines.AddRange(output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement)
                .Where(l => l.TryGetProperty("Group", out _) && !l.TryGetProperty("Target", out _)));
        }

        _lb1.Mode = _lb2.Mode = HealthMode.ServerError;
        await RunAsync();
        await RunAsync();
        _lb1.Mode = _lb2.Mode = HealthMode.Ok;
        await RunAsync();

        Assert.Equal([1, 1, 0], lines.Select(l => l.GetProperty("AllDown").GetDouble()));
        Assert.Equal([0, 0, 1], lines.Select(l => l.GetProperty("ActiveUp").GetDouble()));
        Assert.Equal([1, 0, 1], lines.Select(l => l.GetProperty("Alerts").GetDouble()));
        Assert.All(lines, l => Assert.Equal("web", l.GetProperty("Group").GetString()));
    }

    [Fact]
    public async Task Check_ActivePerTarget_IsOneForTheTargetTheRecordHoldsAndFollowsASwitch()
    {
        var zone = await CreateZoneAsync(Lb1Address);
        var sut = CreateSut(Group(zone));
        async Task<Dictionary<string, double>> RunAsync()
        {
            using var output = new StringWriter();
            var context = TestContexts.Create("failover", TimeSpan.FromSeconds(60), metrics: output);
            await sut.HandleAsync(Check(rounds: 4), context, CancellationToken.None);
            context.Metrics.Flush();
            return output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement)
                .Where(l => l.TryGetProperty("Active", out _))
                .ToDictionary(l => l.GetProperty("Target").GetString()!, l => l.GetProperty("Active").GetDouble());
        }

        var before = await RunAsync();
        _lb1.Mode = HealthMode.ServerError;
        var after = await RunAsync();

        Assert.Equal(new Dictionary<string, double> { ["lb1"] = 1, ["lb2"] = 0 }, before);
        Assert.Equal(new Dictionary<string, double> { ["lb1"] = 0, ["lb2"] = 1 }, after);
    }

    [Fact]
    public async Task Check_RecordTtlAboveTheConfiguredOne_IsCorrectedAndToldOnce()
    {
        var zone = await CreateZoneAsync(Lb1Address, ttl: 3600);

        var first = await CheckAsync(zone, rounds: 1);
        var second = await CheckAsync(zone, rounds: 1);

        Assert.Equal(60, await TtlAsync(zone));
        var sent = Assert.Single(_notifier.Sent);
        Assert.Contains("had TTL 3600 s, the configuration says 60 s: set it to 60 s", sent.SmsText, StringComparison.Ordinal);
        Assert.Equal(("healthy", "healthy"), (first.Groups[0].Outcome, second.Groups[0].Outcome));
    }

    [Fact]
    public async Task Status_RecordTtlAboveTheConfiguredOne_SaysSoAndChangesNothing()
    {
        var zone = await CreateZoneAsync(Lb1Address, ttl: 3600);

        var report = await CreateSut(Group(zone)).HandleAsync(new FailoverEvent { Action = "status" }, Context(), CancellationToken.None);

        Assert.Contains(report.Groups[0].Events, e => e.Contains("would set it to 60 s", StringComparison.Ordinal));
        Assert.Equal(3600, await TtlAsync(zone));
        Assert.Empty(_notifier.Sent);
    }

    /// <summary>Route 53 applied the batch and the answer was lost: the switch is this checker's (told, cooldown), not someone else's.</summary>
    [Fact]
    public async Task Check_SwitchAnswerLostAfterRoute53AppliedIt_IsToldAndStartsTheCooldown()
    {
        var route53 = new StrictRoute53 { LoseAnswerTo = "lb.example.com." };
        route53.Put(new ResourceRecordSet("lb.example.com.", "A", 60, [Lb1Address]));
        await _lb1.StopAsync();

        var report = await CreateSut(StrictGroup(), route53).HandleAsync(Check(rounds: 4), Context(), CancellationToken.None);

        Assert.Equal("switched", report.Groups[0].Outcome);
        Assert.Equal("Lifeguard: A lb.example.com moved to lb2", Assert.Single(_notifier.Sent).Subject);
        Assert.Contains(route53.Values("_lifeguard.lb.example.com.", "TXT"), v => v.StartsWith("\"last-switch ", StringComparison.Ordinal));
    }

    /// <summary>The state write after the switch fails: the alert has gone out already, and the cooldown still holds next run.</summary>
    [Fact]
    public async Task Check_StateWriteFailsAfterTheSwitch_AlertWentFirstAndTheNextRunKeepsTheCooldown()
    {
        var route53 = new StrictRoute53();
        route53.Put(new ResourceRecordSet("lb.example.com.", "A", 60, [Lb1Address]));
        _lb1.Mode = HealthMode.ServerError;
        var refusing = new RefuseAfterSwitch(route53);

        var failed = await CreateSut(StrictGroup(), refusing).HandleAsync(Check(rounds: 4), Context(), CancellationToken.None);
        _lb2.Mode = HealthMode.ServerError;
        _lb1.Mode = HealthMode.Ok;
        var next = await CreateSut(StrictGroup(), route53).HandleAsync(Check(rounds: 4), Context(), CancellationToken.None);

        Assert.Equal(("error", Lb2Address), (failed.Groups[0].Outcome, route53.Value("lb.example.com.", "A")));
        Assert.Equal("Lifeguard: A lb.example.com moved to lb2", _notifier.Sent[0].Subject);
        // The next run finds the switch by its intent: the cooldown holds although lb2 is now down and lb1 up.
        Assert.Equal("held", next.Groups[0].Outcome);
        Assert.Equal(Lb2Address, route53.Value("lb.example.com.", "A"));
    }

    /// <summary>The run dies right after Route 53 took the change, before telling anyone: the next run finds it, tells it once and keeps its cooldown.</summary>
    [Fact]
    public async Task Check_RunDiesRightAfterTheSwitch_NextRunTellsItOnceAsThisCheckersAndKeepsTheCooldown()
    {
        var route53 = new StrictRoute53 { FailAfter = ("lb.example.com.", new HttpRequestException("connection reset")) };
        route53.Put(new ResourceRecordSet("lb.example.com.", "A", 60, [Lb1Address]));
        _lb1.Mode = HealthMode.ServerError;

        var died = await CreateSut(StrictGroup(), route53).HandleAsync(Check(rounds: 4), Context(), CancellationToken.None);
        Assert.Empty(_notifier.Sent);
        _lb2.Mode = HealthMode.ServerError;
        _lb1.Mode = HealthMode.Ok;
        var found = await CreateSut(StrictGroup(), route53).HandleAsync(Check(rounds: 4), Context(), CancellationToken.None);
        var quiet = await CreateSut(StrictGroup(), route53).HandleAsync(Check(rounds: 1), Context(), CancellationToken.None);

        Assert.Equal("error", died.Groups[0].Outcome);
        // Told once, late; lb1, left behind down, is told once when it is back.
        Assert.Equal(["Lifeguard: A lb.example.com moved to lb2", "Lifeguard: web standby lb1 is up again"], _notifier.Sent.Select(n => n.Subject));
        Assert.Contains("told late", _notifier.Sent[0].SmsText, StringComparison.Ordinal);
        Assert.Equal(("held", "held"), (found.Groups[0].Outcome, quiet.Groups[0].Outcome));
        Assert.Equal(Lb2Address, route53.Value("lb.example.com.", "A"));
    }

    /// <summary>An intent left by a run that failed long ago is not this checker's last move: a later move by hand to that target is someone else's.</summary>
    [Fact]
    public async Task Check_StaleIntentAndTheRecordMovedThereByHandLater_IsNotToldAsThisCheckers()
    {
        var route53 = new StrictRoute53();
        route53.Put(new ResourceRecordSet("lb.example.com.", "A", 60, [Lb2Address]));
        var old = TimeProvider.System.GetUtcNow().AddHours(-2).ToUnixTimeSeconds();
        route53.Put(new ResourceRecordSet("_lifeguard.lb.example.com.", "TXT", 300, [$"\"intent lb2 {old}\"", "\"gen 7\""]));

        var report = await CreateSut(StrictGroup(), route53).HandleAsync(Check(rounds: 1), Context(), CancellationToken.None);

        Assert.Equal("healthy", report.Groups[0].Outcome);
        Assert.Empty(_notifier.Sent);
        Assert.DoesNotContain(route53.Values("_lifeguard.lb.example.com.", "TXT"), v => v.StartsWith("\"intent", StringComparison.Ordinal));
    }

    /// <summary>A long check and a switch by hand overlap: the check's final write merges, and the hand switch's cooldown survives.</summary>
    [Fact]
    public async Task Check_OverlapsASwitchByHand_TheLaterWriteKeepsTheSwitchAndItsCooldown()
    {
        var route53 = new StrictRoute53();
        route53.Put(new ResourceRecordSet("lb.example.com.", "A", 60, [Lb1Address]));

        var check = CreateSut(StrictGroup(), route53).HandleAsync(Check(rounds: 8), Context(), CancellationToken.None);
        await Task.Delay(250);
        var hand = await CreateSut(StrictGroup(), route53).HandleAsync(new FailoverEvent { Action = "switch", Group = "web", Target = "lb2" }, Context(), CancellationToken.None);
        var slow = await check;

        Assert.Equal("switched", hand.Groups[0].Outcome);
        Assert.Contains(slow.Groups[0].Events, e => e.Contains("merged", StringComparison.Ordinal));
        Assert.Contains(route53.Values("_lifeguard.lb.example.com.", "TXT"), v => v.StartsWith("\"last-switch ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Check_ElasticIpCheckOverlapsASwitchByHand_TheCooldownSurvives()
    {
        var (allocation, first, second) = await Moto.ElasticIpOnFirstOfTwoAsync();
        var group = ElasticIpGroup(allocation, first, second);

        var check = CreateSut(group).HandleAsync(Check(rounds: 8), Context(), CancellationToken.None);
        await Task.Delay(250);
        var hand = await CreateSut(group).HandleAsync(new FailoverEvent { Action = "switch", Group = "web", Target = "lb2" }, Context(), CancellationToken.None);
        var slow = await check;

        Assert.Equal("switched", hand.Groups[0].Outcome);
        Assert.Contains(slow.Groups[0].Events, e => e.Contains("merged", StringComparison.Ordinal));
        var tags = await Moto.Boto3Async($$"""out(sorted(t["Key"] for t in client("ec2").describe_addresses(AllocationIds=["{{allocation}}"])["Addresses"][0].get("Tags", [])))""");
        Assert.Contains("lifeguard:last-switch", tags.EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public async Task Check_StandbyDiesThenRecovers_TellsOnceEachAndNothingOnQuietRuns()
    {
        var zone = await CreateZoneAsync(Lb1Address);
        _lb2.Mode = HealthMode.ServerError;
        var outcomes = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            outcomes.Add((await CheckAsync(zone, rounds: 4)).Groups[0].Outcome);
        }

        _lb2.Mode = HealthMode.Ok;
        for (var i = 0; i < 3; i++)
        {
            outcomes.Add((await CheckAsync(zone, rounds: 4)).Groups[0].Outcome);
        }

        Assert.All(outcomes, o => Assert.Equal("healthy", o));
        Assert.Equal(["Lifeguard: web standby lb2 is down", "Lifeguard: web standby lb2 is up again"], _notifier.Sent.Select(n => n.Subject));
        Assert.Contains("lb2 127.0.0.3 DOWN (HTTP 500)", _notifier.Sent[0].SmsText, StringComparison.Ordinal);
        Assert.Equal(Lb1Address, await ValueAsync(zone));
    }

    [Fact]
    public async Task Check_ElasticIpStandbyDiesThenRecovers_TellsOnceEach()
    {
        var (allocation, first, second) = await Moto.ElasticIpOnFirstOfTwoAsync();
        var sut = CreateSut(ElasticIpGroup(allocation, first, second));
        _lb2.Mode = HealthMode.ServerError;
        for (var i = 0; i < 2; i++)
        {
            await sut.HandleAsync(Check(rounds: 4), Context(), CancellationToken.None);
        }

        _lb2.Mode = HealthMode.Ok;
        for (var i = 0; i < 2; i++)
        {
            await sut.HandleAsync(Check(rounds: 4), Context(), CancellationToken.None);
        }

        Assert.Equal(["Lifeguard: web standby lb2 is down", "Lifeguard: web standby lb2 is up again"], _notifier.Sent.Select(n => n.Subject));
    }

    [Fact]
    public async Task Check_RecordWithARoutingPolicy_IsAnErrorNamingItNotAConflict()
    {
        var route53 = new StrictRoute53();
        route53.Put(new ResourceRecordSet("lb.example.com.", "A", 60, [Lb1Address]) { SetIdentifier = "blue" });

        var report = await CreateSut(StrictGroup(), route53).HandleAsync(Check(rounds: 1), Context(), CancellationToken.None);

        Assert.Equal("error", report.Groups[0].Outcome);
        Assert.Contains("has a routing policy (set identifier 'blue')", report.Groups[0].Error, StringComparison.Ordinal);
    }

    /// <summary>Lifeguard's own probes fail (as when the checker itself lost the network) but Route 53's checkers see lb1 up: no switch.</summary>
    [Fact]
    public async Task Check_ConfirmWithRoute53_OnlyOwnProbesFail_DoesNotSwitchUntilRoute53Agrees()
    {
        var zone = await CreateZoneAsync(Lb1Address);
        await _lb1.StopAsync();
        await PutRoute53StatusAsync(-1, ("hc-lb1", 1, 100), ("hc-lb2", 1, 100));
        var group = Group(zone) with { ConfirmWith = "route53" };

        var held = await CreateSut(group).HandleAsync(Check(rounds: 5), Context(), CancellationToken.None);
        var heldValue = await ValueAsync(zone);
        await PutRoute53StatusAsync(0, ("hc-lb1", 0, 12), ("hc-lb2", 1, 100));
        var moved = await CreateSut(group).HandleAsync(Check(rounds: 4), Context(), CancellationToken.None);

        Assert.Equal(("unconfirmed", Lb1Address), (held.Groups[0].Outcome, heldValue));
        Assert.Single(held.Groups[0].Events, e => e.StartsWith("lb1 is down; lb2 is up, but Route 53's checkers see lb1 healthy, 100% of checkers see it up", StringComparison.Ordinal));
        Assert.Equal(("switched", Lb2Address), (moved.Groups[0].Outcome, await ValueAsync(zone)));
        Assert.StartsWith("unhealthy, 12% of checkers see it up", moved.Groups[0].Targets[0].Route53, StringComparison.Ordinal);
        // The held switch is told once (not every round, not every run), then the switch.
        Assert.Equal(["Lifeguard: web switch held, Route 53 does not confirm", "Lifeguard: A lb.example.com moved to lb2"], _notifier.Sent.Select(n => n.Subject));
        Assert.Contains("lb1 127.0.0.2: down (3 failed in a row); Route 53: unhealthy", _notifier.Sent[1].FullText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_ConfirmWithRoute53_NoRecentMetrics_IsUnknownAndNeverSwitches()
    {
        var zone = await CreateZoneAsync(Lb1Address);
        await _lb1.StopAsync();

        var sut = CreateSut(Group(zone) with { ConfirmWith = "route53" });
        var report = await sut.HandleAsync(Check(rounds: 4), Context(), CancellationToken.None);
        var again = await sut.HandleAsync(Check(rounds: 4), Context(), CancellationToken.None);

        Assert.Equal(("unconfirmed", "unconfirmed"), (report.Groups[0].Outcome, again.Groups[0].Outcome));
        Assert.Contains(report.Groups[0].Events, e => e.Contains("Route 53's checkers have no recent data for lb1", StringComparison.Ordinal));
        Assert.Equal(Lb1Address, await ValueAsync(zone));
        Assert.Single(_notifier.Sent);
    }

    [Fact]
    public async Task Status_ConfirmWithRoute53_ReportsBothViews()
    {
        var zone = await CreateZoneAsync(Lb1Address);
        await PutRoute53StatusAsync(0, ("hc-lb1", 1, 100), ("hc-lb2", 0, 0));

        var report = await CreateSut(Group(zone) with { ConfirmWith = "route53" }).HandleAsync(new FailoverEvent { Action = "status" }, Context(), CancellationToken.None);

        Assert.Equal(["healthy, 100% of checkers see it up", "unhealthy, 0% of checkers see it up"], report.Groups[0].Targets.Select(t => t.Route53?.Split(" at ")[0]));
    }

    /// <summary>The hooks run once per switch, on the new and the old instance, through SSM Run Command (moto records the commands).</summary>
    [Fact]
    public async Task Check_ElasticIpWithHooks_RunsEachHookOnceOnItsInstanceAndNothingOnQuietRuns()
    {
        var (allocation, first, second) = await Moto.ElasticIpOnFirstOfTwoAsync();
        await Moto.Boto3Async("""
            ssm = client("ssm")
            for name in ["Lifeguard-Promote", "Lifeguard-Demote"]:
                ssm.create_document(Name=name, DocumentType="Command", Content='{"schemaVersion":"2.2","description":"x","mainSteps":[{"action":"aws:runShellScript","name":"x","inputs":{"runCommand":["true"]}}]}')
            out(1)
            """);
        var sut = CreateSut(ElasticIpGroup(allocation, first, second) with { Hooks = new SwitchHooksConfig { OnNew = "Lifeguard-Promote", OnOld = "Lifeguard-Demote" } },
            commands: new Lifeguard.Aws.Ssm.SsmCommandRunner(Moto.Configuration(), TimeProvider.System));
        await _lb1.StopAsync();

        var switched = await sut.HandleAsync(Check(rounds: 4), Context(), CancellationToken.None);
        var quiet = await sut.HandleAsync(Check(rounds: 4), Context(), CancellationToken.None);

        Assert.Equal(("switched", "held"), (switched.Groups[0].Outcome, quiet.Groups[0].Outcome is "healthy" ? "held" : quiet.Groups[0].Outcome));
        // moto keeps the commands (its listing does not keep each one's instance apart: those are checked in the report).
        var sent = await Moto.Boto3Async("""out(sorted([c["DocumentName"] for c in client("ssm").list_commands()["Commands"]]))""");
        Assert.Equal(["Lifeguard-Demote", "Lifeguard-Promote"], sent.EnumerateArray().Select(c => c.GetString()));
        Assert.Contains($"hook Lifeguard-Demote on the old target lb1 ({first}): Success, exit 0", switched.Groups[0].Events);
        Assert.Contains($"hook Lifeguard-Promote on the new target lb2 ({second}): Success, exit 0", switched.Groups[0].Events);
    }

    [Fact]
    public async Task Check_HookFails_TheSwitchStandsAndTheReportSaysWhy()
    {
        var (allocation, first, second) = await Moto.ElasticIpOnFirstOfTwoAsync();
        var commands = new ScriptedCommandRunner { Results = [new Lifeguard.Aws.Ssm.CommandResult("Failed", 3, "nginx: reload failed")] };
        var sut = CreateSut(ElasticIpGroup(allocation, first, second) with { Hooks = new SwitchHooksConfig { OnNew = "Lifeguard-Promote" } }, commands: commands);
        await _lb1.StopAsync();

        var report = await sut.HandleAsync(Check(rounds: 4), Context(), CancellationToken.None);

        Assert.Equal(("switched", second), (report.Groups[0].Outcome, report.Groups[0].Current));
        var call = Assert.Single(commands.Calls);
        Assert.Equal((second, "document Lifeguard-Promote"), (call.InstanceId, Assert.Single(call.Script)));
        Assert.Contains(report.Groups[0].Events, e => e == $"hook Lifeguard-Promote on the new target lb2 ({second}): Failed, exit 3: nginx: reload failed");
    }

    [Theory]
    [InlineData("check.json", "switched", "127.0.0.3")]
    [InlineData("status.json", "active-failing", "127.0.0.2")]
    [InlineData("switch.json", "switched", "127.0.0.3")]
    [InlineData("switch-dry-run.json", "would-switch", "127.0.0.2")]
    public async Task SampleEvent_AgainstTheDemoGroupWithLb1Down_DoesWhatItSays(string file, string outcome, string value)
    {
        var zone = await CreateZoneAsync(Lb1Address);
        await _lb1.StopAsync();
        var input = System.Text.Json.JsonSerializer.Deserialize(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Events, "failover", file)), FailoverJsonContext.Default.FailoverEvent)!;

        var report = await CreateSut(Group(zone)).HandleAsync(input, Context(), CancellationToken.None);

        Assert.Equal(outcome, report.Groups[0].Outcome);
        Assert.Equal(value, await ValueAsync(zone));
    }

    [Theory]
    [InlineData("""{"action":"restart"}""", "action 'restart'")]
    [InlineData("""{"action":"switch","group":"web"}""", "switch needs 'group' and 'target'")]
    [InlineData("""{"action":"switch","group":"web","target":"lb9"}""", "target 'lb9' is not a target of group 'web'")]
    [InlineData("""{"group":"db"}""", "group 'db' is not configured; the groups are web")]
    [InlineData("""{"action":"status","target":"lb2"}""", "'target' and 'force' belong to action 'switch'")]
    [InlineData("""{"rounds":0}""", "rounds 0")]
    public async Task Handle_BadEvent_IsRefusedNamingTheField(string json, string expected)
    {
        var input = System.Text.Json.JsonSerializer.Deserialize(json, FailoverJsonContext.Default.FailoverEvent)!;

        var ex = await Assert.ThrowsAsync<InvalidEventException>(() => CreateSut(Group("Z1")).HandleAsync(input, Context(), CancellationToken.None));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    /// <summary>Route 53 that refuses every write of the state after the record has moved (as a lost permission or throttling would).</summary>
    private sealed class RefuseAfterSwitch(StrictRoute53 inner) : IRoute53Client
    {
        public IAsyncEnumerable<ResourceRecordSet> ListResourceRecordSetsAsync(string hostedZoneId, string? startName, string? startType, CancellationToken cancellationToken) =>
            inner.ListResourceRecordSetsAsync(hostedZoneId, startName, startType, cancellationToken);

        public Task<ChangeInfo> ChangeResourceRecordSetsAsync(string hostedZoneId, IReadOnlyList<RecordChange> changes, string? comment, CancellationToken cancellationToken) =>
            inner.Value("lb.example.com.", "A") == Lb2Address && changes.Any(c => c.RecordSet.Type == "TXT")
                ? throw new Lifeguard.Aws.AwsApiException("Route 53", "ChangeResourceRecordSets", 400, "Throttling", "Rate exceeded")
                : inner.ChangeResourceRecordSetsAsync(hostedZoneId, changes, comment, cancellationToken);

        public Task<ChangeInfo> GetChangeAsync(string changeId, CancellationToken cancellationToken) => inner.GetChangeAsync(changeId, cancellationToken);
    }

    private FailoverHandler CreateSut(FailoverGroup group, IRoute53Client? route53 = null, Lifeguard.Aws.Ssm.ICommandRunner? commands = null)
    {
        route53 ??= new Route53Client(Moto.Configuration());
        var ec2 = FailoverComposition.Ec2(Moto.Configuration());
        var switcher = new Route53RecordSwitcher(route53, TimeProvider.System);
        var healthChecks = new Dictionary<string, IReadOnlyDictionary<string, string>> { [group.Name] = group.Targets.ToDictionary(t => t.Name, t => $"hc-{t.Name}") };
        var settings = new FailoverSettings { Groups = [group], HealthChecks = healthChecks, ProbeInterval = TimeSpan.FromMilliseconds(100), CheckWindow = TimeSpan.FromMilliseconds(300) };
        var view = new Route53HealthView(new Lifeguard.Aws.CloudWatch.CloudWatchClient(Moto.Configuration()), healthChecks, TimeProvider.System);
        return new FailoverHandler(settings, g => FailoverComposition.Endpoint(g, ec2, route53, switcher), new Prober(TimeProvider.System), _notifier, view, commands);
    }

    private FailoverGroup ElasticIpGroup(string allocation, string first, string second) => new()
    {
        Name = "web",
        ElasticIp = new ElasticIpConfig { AllocationId = allocation },
        Targets = [Target("lb1", first, _lb1), Target("lb2", second, _lb2)],
    };

    /// <summary>Route 53's health-check metrics as CloudWatch would hold them (moto cannot run health checks): status and percentage, some minutes from now.</summary>
    private Task<System.Text.Json.JsonElement> PutRoute53StatusAsync(int minutes, params (string Id, int Status, double Percent)[] checks) => Moto.Boto3Async($$"""
        import datetime
        cw = client("cloudwatch")
        now = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes={{minutes}})
        for hc, status, percent in {{System.Text.Json.JsonSerializer.Serialize(checks.Select(c => new object[] { c.Id, c.Status, c.Percent }))}}:
            dims = [{"Name": "HealthCheckId", "Value": hc}]
            cw.put_metric_data(Namespace="AWS/Route53", MetricData=[
                {"MetricName": "HealthCheckStatus", "Dimensions": dims, "Timestamp": now, "Value": status},
                {"MetricName": "HealthCheckPercentageHealthy", "Dimensions": dims, "Timestamp": now, "Value": percent}])
        out(1)
        """);

    private Task<FailoverReport> CheckAsync(string zone, int rounds) =>
        CreateSut(Group(zone)).HandleAsync(Check(rounds), Context(), CancellationToken.None);

    private static FailoverEvent Check(int rounds) => new() { Rounds = rounds, ProbeIntervalSeconds = 0.1 };

    private static InvocationContext Context() => TestContexts.Create("failover", TimeSpan.FromSeconds(60));

    private FailoverGroup Group(string zone) => new()
    {
        Name = "web",
        Record = new RecordConfig { HostedZoneId = zone, Name = "lb.example.com" },
        Targets = [Target("lb1", Lb1Address, _lb1), Target("lb2", Lb2Address, _lb2)],
    };

    private FailoverGroup StrictGroup() => Group("Z1");

    private static TargetConfig Target(string name, string value, HealthServer server) =>
        new() { Name = name, Value = value, Probe = new ProbeConfig { Url = server.Url, Body = "OK", TimeoutSeconds = 1 } };

    private async Task<string> CreateZoneAsync(string value, int ttl = 60) => (await Moto.Boto3Async($$$"""
        r53 = client("route53")
        zone = r53.create_hosted_zone(Name="example.com", CallerReference="{{{Guid.NewGuid()}}}")["HostedZone"]["Id"]
        record = {"Name": "lb.example.com.", "Type": "A", "TTL": {{{ttl}}}, "ResourceRecords": [{"Value": "{{{value}}}"}]}
        r53.change_resource_record_sets(HostedZoneId=zone, ChangeBatch={"Changes": [{"Action": "CREATE", "ResourceRecordSet": record}]})
        out(zone.split("/")[-1])
        """)).GetString()!;

    private async Task<string?> ValueAsync(string zone) => (await RecordAsync(zone, "lb.example.com.", "A"))?[0];

    private async Task<long> TtlAsync(string zone) => (await Moto.Boto3Async($$$"""
        sets = client("route53").list_resource_record_sets(HostedZoneId="{{{zone}}}", StartRecordName="lb.example.com.", StartRecordType="A")["ResourceRecordSets"]
        out([s["TTL"] for s in sets if s["Name"] == "lb.example.com." and s["Type"] == "A"][0])
        """)).GetInt64();

    /// <summary>The state TXT record's strings joined, or null when there is none.</summary>
    private async Task<string?> StateAsync(string zone) => await RecordAsync(zone, "_lifeguard.lb.example.com.", "TXT") is { } values ? string.Join(' ', values) : null;

    private async Task<string[]?> RecordAsync(string zone, string name, string type)
    {
        var values = await Moto.Boto3Async($$$"""
            sets = client("route53").list_resource_record_sets(HostedZoneId="{{{zone}}}", StartRecordName="{{{name}}}", StartRecordType="{{{type}}}")["ResourceRecordSets"]
            found = [s for s in sets if s["Name"] == "{{{name}}}" and s["Type"] == "{{{type}}}"]
            out([r["Value"] for r in found[0]["ResourceRecords"]] if found else None)
            """);
        return values.ValueKind == System.Text.Json.JsonValueKind.Null ? null : [.. values.EnumerateArray().Select(v => v.GetString()!)];
    }
}
