import { AWS } from '@payments/aws-types';
import { describePolicies } from '../testing/cases';
import { get } from '../testing/fixtures';
import { cloudwatchPolicies } from './cloudwatch';

describePolicies(cloudwatchPolicies, {
  'cloudwatch-alarm-actions': [
    {
      title: 'an alarm that notifies nobody, with its actions disabled',
      change: (stack) => {
        const alarm = get(stack, 'alarms-payments-errors').inputs;
        alarm.alarmActions = [];
        alarm.actionsEnabled = false;
      },
      messages: [
        "alarm 'payments-prod-payments-errors' has no alarmActions: set alarmActions (and okActions) to the network stack's alarmTopicArn (DESIGN-12).",
        "alarm 'payments-prod-payments-errors' has actionsEnabled: false: remove it, so the alarm notifies.",
      ],
      at: [AWS.cloudwatchMetricAlarm, 'alarms-payments-errors'],
    },
  ],
});
