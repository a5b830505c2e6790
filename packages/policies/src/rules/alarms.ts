import type * as aws from '@pulumi/aws';
import type { PolicyResource } from '@pulumi/policy';
import type { Unwrap } from '@pulumi/pulumi';
import { AWS } from '@payments/aws-types';
import { belongsTo, ofType, reportAdvisory, stackPolicy } from '../define';
import { stackOf } from '../environment';
import { text } from '../inspect';

// DESIGN-12: alarms reach someone.

type SubscriptionArgs = Unwrap<aws.sns.TopicSubscriptionArgs>;

/**
 * Domains reserved by RFC 2606 / RFC 6761 (example.com, .test, .invalid, ...): nobody receives mail or requests
 * there, so an endpoint on one is a placeholder that reaches nobody.
 */
const RESERVED_DOMAIN = /(^|\.)(example|example\.com|example\.net|example\.org|test|invalid|localhost)$/i;

/** The reserved domain an email or https endpoint is on, if it is a placeholder. */
export function placeholderDomain(
  protocol: string | undefined,
  endpoint: string | undefined,
): string | undefined {
  if (endpoint === undefined) return undefined;
  let host: string | undefined;
  if (protocol === 'email' || protocol === 'email-json') host = endpoint.split('@').pop();
  if (protocol === 'https' || protocol === 'http') {
    try {
      host = new URL(endpoint).hostname;
    } catch {
      return undefined;
    }
  }
  return host !== undefined && RESERVED_DOMAIN.test(host) ? host : undefined;
}

function subscriptionsOf(resources: readonly PolicyResource[], topic: PolicyResource) {
  const topicName = text(topic.props.name);
  return ofType<SubscriptionArgs>(resources, AWS.snsTopicSubscription).filter(({ resource, props }) =>
    belongsTo(
      resource,
      topic,
      () => topicName !== undefined && (text(props.topic)?.endsWith(`:${topicName}`) ?? false),
    ),
  );
}

export const alarmTopicReachesSomeone = stackPolicy({
  name: 'alarm-topic-reaches-someone',
  description:
    'DESIGN-12: in prod every SNS topic (the alarm topic) has a subscription; dev and staging without one, and endpoints on a reserved domain such as example.com, are reported as advisory.',
  validate: (args, report) => {
    const { env } = stackOf(args.resources);
    const file = `infra/network/Pulumi.${env ?? '<env>'}.yaml`;
    for (const { resource: topic } of ofType(args.resources, AWS.snsTopic)) {
      const label = `SNS topic '${text(topic.props.name) ?? topic.name}'`;
      const subscriptions = subscriptionsOf(args.resources, topic);
      if (subscriptions.length === 0) {
        const message = `${label} has no subscription, so its alarms reach nobody: set alarms.subscriptions, e.g. [{ protocol: 'email', endpoint: 'payments-oncall@yourcompany.com' }], under payments:overrides in ${file}.`;
        if (env === 'prod') report(message, topic.urn);
        else
          reportAdvisory(
            report,
            `${message} Optional in ${env ?? 'this environment'}; required in prod.`,
            topic.urn,
          );
        continue;
      }
      const placeholders = subscriptions.map(({ props }) =>
        placeholderDomain(text(props.protocol), text(props.endpoint)),
      );
      if (placeholders.every((domain) => domain !== undefined)) {
        reportAdvisory(
          report,
          `${label} notifies only endpoints on ${[...new Set(placeholders)].join(', ')}, a domain reserved for examples (RFC 2606) that receives nothing, so its alarms reach nobody: replace the placeholder in alarms.subscriptions (${file}) with your on-call address or integration.`,
          topic.urn,
        );
      }
    }
  },
});

export const alarmPolicies = [alarmTopicReachesSomeone];
