import type * as aws from '@pulumi/aws';
import type { Unwrap } from '@pulumi/pulumi';
import { AWS } from '@payments/aws-types';
import { resourcePolicy } from '../define';
import { list } from '../inspect';

// CloudWatch alarms (CloudWatch.15/17; Checkov CKV_AWS_319; cdk-nag NIST CloudWatchAlarmAction).

export const cloudwatchAlarmActions = resourcePolicy<Unwrap<aws.cloudwatch.MetricAlarmArgs>>({
  name: 'cloudwatch-alarm-actions',
  description:
    'CloudWatch.15/CloudWatch.17: every alarm has an action for the ALARM state (the alarm topic) and its actions are enabled: an alarm nobody hears is not monitoring.',
  types: [AWS.cloudwatchMetricAlarm],
  validate: (props, _args, report) => {
    const name = props.name ?? '?';
    if (list(props.alarmActions).length === 0) {
      report(
        `alarm '${name}' has no alarmActions: set alarmActions (and okActions) to the network stack's alarmTopicArn (DESIGN-12).`,
      );
    }
    if (props.actionsEnabled === false) {
      report(`alarm '${name}' has actionsEnabled: false: remove it, so the alarm notifies.`);
    }
  },
});

export const cloudwatchPolicies = [cloudwatchAlarmActions];
