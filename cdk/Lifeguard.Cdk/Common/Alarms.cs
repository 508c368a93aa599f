using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.CloudWatch.Actions;
using Constructs;

namespace Lifeguard.Cdk.Common;

public static class Alarms
{
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
            AlarmDescription = description,
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
