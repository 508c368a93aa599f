using Constructs;
using Amazon.CDK;
using Amazon.CDK.AWS.Logs;
using Lifeguard.Cdk.Common;
using Lifeguard.Cdk.Configuration;
using Lifeguard.Cdk.Dashboard;
using Lifeguard.Cdk.Failover;
using Lifeguard.Cdk.Jobs;
using Lifeguard.Cdk.Promotion;
using Lifeguard.Cdk.Snapshots;

namespace Lifeguard.Cdk;

/// <summary>The whole of Lifeguard in one stack; each capability adds its construct here.</summary>
public sealed class LifeguardStack : Stack
{
    public LifeguardStack(Construct scope, string id, LifeguardStackProps props) : base(scope, id, props)
    {
        ArgumentNullException.ThrowIfNull(props);
        Notifications = new Notifications(this, "Notifications", new NotificationsProps
        {
            Emails = props.Config.Notifications.Emails,
            SmsNumbers = props.Config.Notifications.SmsNumbers,
        });
        CapabilityProps<T> Props<T>(T config) => new()
        {
            Config = config,
            Notifications = Notifications,
            Packager = props.Packager,
            LogRetention = LogRetention(props.Config.LogRetentionDays),
            RunbookUrl = props.Config.Notifications.RunbookUrl,
        };
        Snapshots = props.Config.Snapshots.Enabled ? new EbsSnapshots(this, "Snapshots", Props(props.Config.Snapshots)) : null;
        HealthCheck = props.Config.Failover.Enabled ? new HealthCheck(this, "HealthCheck", Props(props.Config.Failover)) : null;
        Jobs = props.Config.Jobs.Enabled ? new JobWorkers(this, "Jobs", Props(props.Config.Jobs)) : null;
        Promotion = props.Config.Promotion.Enabled ? new ReplicaPromotion(this, "Promotion", Props(props.Config.Promotion)) : null;
        Dashboard = new OperationsDashboard(this, "Operations", this, props.Config);
        // Last, so that every function and alarm the constructs made gets it.
        if (props.Config.Notifications.RunbookUrl is { } runbook)
        {
            LinkRunbook(runbook);
        }

        Amazon.CDK.Tags.Of(this).Add("lifeguard:stack", id);
    }

    public Notifications Notifications { get; }

    public EbsSnapshots? Snapshots { get; }

    public HealthCheck? HealthCheck { get; }

    public JobWorkers? Jobs { get; }

    public ReplicaPromotion? Promotion { get; }

    public OperationsDashboard Dashboard { get; }

    /// <summary>
    /// Makes every runbook reference a link: each function puts it in its emails, and each alarm description's
    /// "(README.md#entry)" becomes "(url#entry)".
    /// </summary>
    private void LinkRunbook(string url)
    {
        foreach (var function in Node.FindAll().OfType<Amazon.CDK.AWS.Lambda.Function>())
        {
            function.AddEnvironment(Lifeguard.Aws.Sns.Runbook.UrlVariable, url);
        }

        foreach (var alarm in Node.FindAll().OfType<Amazon.CDK.AWS.CloudWatch.CfnAlarm>())
        {
            alarm.AlarmDescription = alarm.AlarmDescription?.Replace("(README.md#", $"({url}#", StringComparison.Ordinal);
        }
    }

    /// <summary>CloudWatch Logs' retention for a number of days (validated against the allowed list beforehand).</summary>
    private static RetentionDays LogRetention(int days) => Enum.Parse<RetentionDays>(days switch
    {
        1 => "ONE_DAY", 3 => "THREE_DAYS", 5 => "FIVE_DAYS", 7 => "ONE_WEEK", 14 => "TWO_WEEKS", 30 => "ONE_MONTH",
        60 => "TWO_MONTHS", 90 => "THREE_MONTHS", 120 => "FOUR_MONTHS", 150 => "FIVE_MONTHS", 180 => "SIX_MONTHS",
        365 => "ONE_YEAR", 400 => "THIRTEEN_MONTHS", 545 => "EIGHTEEN_MONTHS", 731 => "TWO_YEARS", 1096 => "THREE_YEARS",
        1827 => "FIVE_YEARS", 2192 => "SIX_YEARS", 2557 => "SEVEN_YEARS", 2922 => "EIGHT_YEARS", 3288 => "NINE_YEARS",
        _ => "TEN_YEARS",
    });
}
