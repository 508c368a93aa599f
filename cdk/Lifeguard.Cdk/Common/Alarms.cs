using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.CloudWatch.Actions;
using Constructs;
using Lifeguard.Aws.Sns;

namespace Lifeguard.Cdk.Common;

public static class Alarms
{
    /// <summary>An alarm's description: what it means, then the name of its runbook entry (README.md, section Runbook).</summary>
    public static string Describe(string text, string runbookEntry) => $"{text}. {Runbook.Reference(runbookEntry)}";

    /// <summary>
    /// A metric a handler writes in EMF: namespace Lifeguard, the Handler dimension every line carries, and any more
    /// dimensions it adds (a snapshot run's Tier). An alarm must name exactly the dimensions the line has.
    /// </summary>
    public static Metric HandlerMetric(string handler, string name, string statistic, Duration period, params IEnumerable<KeyValuePair<string, string>> more) =>
        new(new MetricProps
        {
            Namespace = "Lifeguard",
            MetricName = name,
            DimensionsMap = new Dictionary<string, string>(more.Prepend(new("Handler", handler))),
            Statistic = statistic,
            Period = period,
        });

    /// <summary>
    /// Alarms (to <paramref name="action"/>) when <paramref name="metric"/> is at least 1 in each of
    /// <paramref name="periods"/> periods in a row; no data is no problem.
    /// </summary>
    public static Alarm AtLeastOnce(Construct scope, string id, string description, string runbookEntry, IMetric metric, int periods, IAlarmAction action)
    {
        var alarm = new Alarm(scope, id, new AlarmProps
        {
            AlarmDescription = Describe(description, runbookEntry),
            Metric = metric,
            ComparisonOperator = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            Threshold = 1,
            EvaluationPeriods = periods,
            DatapointsToAlarm = periods,
            TreatMissingData = TreatMissingData.NOT_BREACHING,
        });
        alarm.AddAlarmAction(action);
        return alarm;
    }

    /// <summary>
    /// Alarms (to the topic) when <paramref name="function"/> completed no run within <paramref name="period"/>: fewer
    /// invocations than errors, or none at all (missing data counts as breaching: a schedule that stopped firing is the case).
    /// </summary>
    /// <param name="evaluationPeriods">How many periods in a row without a successful run raise the alarm.</param>
    public static Alarm NoSuccessfulRun(
        Construct scope, string id, Amazon.CDK.AWS.Lambda.Function function, Duration period, string description, Notifications notifications, int evaluationPeriods = 1)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(notifications);
        var alarm = new Alarm(scope, id, new AlarmProps
        {
            AlarmDescription = Describe(description, Runbook.NotRunning),
            Metric = new MathExpression(new MathExpressionProps
            {
                Expression = "invocations - errors",
                UsingMetrics = new Dictionary<string, IMetric>
                {
                    ["invocations"] = function.MetricInvocations(new MetricOptions { Statistic = "Sum" }),
                    ["errors"] = function.MetricErrors(new MetricOptions { Statistic = "Sum" }),
                },
                Period = period,
            }),
            ComparisonOperator = ComparisonOperator.LESS_THAN_THRESHOLD,
            Threshold = 1,
            EvaluationPeriods = evaluationPeriods,
            DatapointsToAlarm = evaluationPeriods,
            TreatMissingData = TreatMissingData.BREACHING,
        });
        alarm.AddAlarmAction(new SnsAction(notifications.Topic));
        return alarm;
    }
}
