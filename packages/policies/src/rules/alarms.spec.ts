import { AWS } from '@payments/aws-types';
import { describePolicies, findingsOf } from '../testing/cases';
import { compliantStack, get, remove } from '../testing/fixtures';
import { alarmPolicies, alarmTopicReachesSomeone, placeholderDomain } from './alarms';

const TOPIC: [string, string] = [AWS.snsTopic, 'alarm-topic-topic'];

const none = (env: string) =>
  `SNS topic 'payments-${env}-alarms' has no subscription, so its alarms reach nobody: set alarms.subscriptions, e.g. [{ protocol: 'email', endpoint: 'payments-oncall@yourcompany.com' }], under payments:overrides in infra/network/Pulumi.${env}.yaml.`;

describePolicies(alarmPolicies, {
  'alarm-topic-reaches-someone': [
    {
      title: 'a prod alarm topic without a subscription',
      change: (stack) => remove(stack, 'alarm-topic-email'),
      messages: [none('prod')],
      at: TOPIC,
    },
    {
      title: 'a prod subscription of another topic, which does not count',
      change: (stack) => {
        const subscription = get(stack, 'alarm-topic-email');
        subscription.dependsOn = [];
        subscription.inputs.topic = 'arn:aws:sns:us-east-1:123456789012:payments-prod-other';
      },
      messages: [none('prod')],
      at: TOPIC,
    },
  ],
});

describe('alarm-topic-reaches-someone outside prod and with placeholders', () => {
  it.each(['dev', 'staging'] as const)('tells %s without a subscription, as advisory', (env) => {
    const stack = compliantStack(env);
    remove(stack, 'alarm-topic-email');
    expect(findingsOf(alarmTopicReachesSomeone, stack, env)).toEqual([
      expect.objectContaining({
        enforcementLevel: 'advisory',
        urn: get(stack, 'alarm-topic-topic').urn,
        message: `${none(env)} Optional in ${env}; required in prod.`,
      }),
    ]);
  });

  it.each(['dev', 'prod'] as const)(
    'tells %s, as advisory, that a placeholder address on a reserved domain reaches nobody',
    (env) => {
      const stack = compliantStack(env);
      get(stack, 'alarm-topic-email').inputs.endpoint = 'payments-oncall@example.com';
      expect(findingsOf(alarmTopicReachesSomeone, stack, env)).toEqual([
        expect.objectContaining({
          enforcementLevel: 'advisory',
          message: `SNS topic 'payments-${env}-alarms' notifies only endpoints on example.com, a domain reserved for examples (RFC 2606) that receives nothing, so its alarms reach nobody: replace the placeholder in alarms.subscriptions (infra/network/Pulumi.${env}.yaml) with your on-call address or integration.`,
        }),
      ]);
    },
  );

  it('says nothing while one endpoint is real', () => {
    const stack = compliantStack('prod');
    const extra = { ...get(stack, 'alarm-topic-email') };
    stack['alarm-topic-placeholder'] = {
      ...extra,
      name: 'alarm-topic-placeholder',
      urn: extra.urn.replace('alarm-topic-email', 'alarm-topic-placeholder'),
      inputs: { ...extra.inputs, endpoint: 'someone@example.org' },
    };
    expect(findingsOf(alarmTopicReachesSomeone, stack, 'prod')).toEqual([]);
  });

  it.each([
    ['email', 'a@example.com', 'example.com'],
    ['email', 'a@mail.example.net', 'mail.example.net'],
    ['https', 'https://hooks.test/sns', 'hooks.test'],
    ['email', 'a@yourcompany.com', undefined],
    ['https', 'https://events.pagerduty.com/integration/x/enqueue', undefined],
    ['sqs', 'arn:aws:sqs:us-east-1:1:q', undefined],
  ])('takes %s %s to be on the reserved domain %s', (protocol, endpoint, domain) => {
    expect(placeholderDomain(protocol, endpoint)).toBe(domain);
  });
});
