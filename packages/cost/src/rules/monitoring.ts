import { AWS } from '@payments/aws-types';
import { arr, line, num, obj, perUnit, plural, type CostLine, type CostRule } from './rule';

/** CloudWatch alarms (billed per metric they evaluate), dashboards, and the alarm topics. */
export const monitoringCosts: CostRule = {
  types: [AWS.cloudwatchMetricAlarm, AWS.cloudwatchDashboard, AWS.snsTopic],
  estimate({ ofType, price, unitPrice }) {
    const lines: CostLine[] = [];
    const alarms = ofType(AWS.cloudwatchMetricAlarm);
    if (alarms.length > 0) {
      let standard = 0;
      let high = 0;
      for (const alarm of alarms) {
        const queries = arr(alarm.inputs.metricQueries).map(obj);
        const metrics =
          queries.length > 0
            ? queries.filter((q) => q.metric !== undefined).map((q) => obj(q.metric))
            : [alarm.inputs];
        for (const m of metrics) {
          if ((num(m.period) ?? 60) < 60) high += 1;
          else standard += 1;
        }
      }
      lines.push(
        line(
          'CloudWatch alarms',
          `${plural(alarms.length, 'alarm')} on ${plural(standard, 'standard metric')} x ${unitPrice('alarmMetricMonth')}/month` +
            (high > 0
              ? ` + ${plural(high, 'high-resolution metric')} x ${unitPrice('alarmHighResolutionMetricMonth')}/month`
              : ''),
          standard * price('alarmMetricMonth') + high * price('alarmHighResolutionMetricMonth'),
        ),
      );
    }
    const dashboards = ofType(AWS.cloudwatchDashboard).length;
    const topics = ofType(AWS.snsTopic).length;
    lines.push(
      ...perUnit(
        dashboards,
        'CloudWatch dashboards',
        `${plural(dashboards, 'dashboard')} x ${unitPrice('dashboardMonth')}/month`,
        price('dashboardMonth'),
      ),
      ...perUnit(
        topics,
        'SNS topics',
        `${plural(topics, 'topic')}: alarm notifications stay within the free tier`,
        price('snsTopicMonth'),
      ),
    );
    return lines;
  },
};
