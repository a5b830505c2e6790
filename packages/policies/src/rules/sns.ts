import type * as aws from '@pulumi/aws';
import type { PolicyResource } from '@pulumi/policy';
import type { Unwrap } from '@pulumi/pulumi';
import { AWS } from '@payments/aws-types';
import { belongsTo, ofType, resourcePolicy, stackPolicy } from '../define';
import { accountOf, anyPrincipal, awsPrincipals, conditionKeys, isAllow, statementLabel } from '../documents';
import { list, record, statements, text } from '../inspect';

// SNS topics (SNS.1, SNS.4; cdk-nag AwsSolutions-SNS3; Checkov CKV_AWS_26/169/385).

type TopicArgs = Unwrap<aws.sns.TopicArgs>;

export const snsTopicKmsEncryption = resourcePolicy<TopicArgs>({
  name: 'sns-topic-kms-encryption',
  description:
    "SNS.1: every topic is encrypted at rest with the owning stack's customer managed KMS key, not the AWS managed alias/aws/sns.",
  types: [AWS.snsTopic],
  validate: (props, _args, report) => {
    const key = text(props.kmsMasterKeyId);
    if (key === undefined) {
      report(
        "kmsMasterKeyId is not set: set it to the owning stack's KMS key ARN (and let the publishing service use the key in its key policy).",
      );
    } else if (key === 'alias/aws/sns' || key.endsWith(':alias/aws/sns')) {
      report(
        "kmsMasterKeyId is the AWS managed key alias/aws/sns, whose key policy CloudWatch cannot be granted: use the owning stack's customer managed key.",
      );
    }
  },
});

/** Condition keys that tie a statement to one source: only then may it name Principal "*" (AWS Config sns-topic-no-public-access). */
const SOURCE_KEYS = [
  'aws:sourceaccount',
  'aws:sourcearn',
  'aws:sourceowner',
  'aws:principalorgid',
  'aws:principalaccount',
];

/** The account a topic ARN belongs to. */
const topicAccount = (arn: string | undefined): string | undefined =>
  arn === undefined ? undefined : /^arn:[^:]+:sns:[^:]*:(\d{12}):/.exec(arn)?.[1];

function policiesOf(resources: readonly PolicyResource[], topic: PolicyResource) {
  const name = text((topic.props as TopicArgs).name);
  return ofType<Unwrap<aws.sns.TopicPolicyArgs>>(resources, AWS.snsTopicPolicy).filter(
    ({ resource, props }) =>
      belongsTo(
        resource,
        topic,
        () => name !== undefined && (text(props.arn)?.endsWith(`:${name}`) ?? false),
      ),
  );
}

/** Whether a statement denies publishing without TLS (AwsSolutions-SNS3). */
function deniesInsecurePublish(s: Record<string, unknown>): boolean {
  const secure = list(record(record(s.Condition)?.Bool)?.['aws:SecureTransport']).map(String);
  return (
    s.Effect === 'Deny' &&
    anyPrincipal(s) &&
    secure.includes('false') &&
    list(s.Action).some((a) => a === 'sns:Publish' || a === 'sns:*' || a === '*')
  );
}

export const snsTopicPolicyNotPublic = stackPolicy({
  name: 'sns-topic-policy-not-public',
  description:
    'SNS.4: every topic has a topic policy that denies publishing without TLS and allows Principal "*" only with a source condition (aws:SourceAccount, aws:SourceArn, ...) and no other account.',
  validate: (args, report) => {
    for (const { resource: topic, props } of ofType<TopicArgs>(args.resources, AWS.snsTopic)) {
      const label = `topic '${text(props.name) ?? topic.name}'`;
      const policies = policiesOf(args.resources, topic);
      if (policies.length === 0) {
        report(
          `${label} has no aws.sns.TopicPolicy, so SNS applies its default (any principal of the account may publish and subscribe): give it a policy that allows only the publishing service, conditioned on aws:SourceAccount and aws:SourceArn.`,
          topic.urn,
        );
        continue;
      }
      for (const { resource, props: policy } of policies) {
        const own = topicAccount(text(policy.arn));
        const all = statements(policy.policy);
        if (!all.some(deniesInsecurePublish)) {
          report(
            `the policy of ${label} lets publishers use plain HTTP: add { Effect: 'Deny', Principal: '*', Action: 'sns:Publish', Resource: <topic ARN>, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }.`,
            resource.urn,
          );
        }
        all.forEach((s, i) => {
          if (!isAllow(s)) return;
          if (anyPrincipal(s) && !conditionKeys(s).some((k) => SOURCE_KEYS.includes(k))) {
            report(
              `the policy of ${label} ${statementLabel(s, i)} allows Principal '*' without a source condition: name the service and add aws:SourceAccount and aws:SourceArn.`,
              resource.urn,
            );
          }
          const others = awsPrincipals(s).filter((p) => {
            const account = accountOf(p);
            return account !== undefined && own !== undefined && account !== own;
          });
          if (others.length > 0) {
            report(
              `the policy of ${label} ${statementLabel(s, i)} grants another account (${others.join(', ')}): only this environment's account may use its topic (DESIGN-1).`,
              resource.urn,
            );
          }
        });
      }
    }
  },
});

export const snsPolicies = [snsTopicKmsEncryption, snsTopicPolicyNotPublic];
