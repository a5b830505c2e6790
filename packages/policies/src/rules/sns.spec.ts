import { AWS } from '@payments/aws-types';
import { describePolicies } from '../testing/cases';
import { get, remove } from '../testing/fixtures';
import { snsPolicies } from './sns';

const TOPIC: [string, string] = [AWS.snsTopic, 'alarm-topic-topic'];
const POLICY: [string, string] = [AWS.snsTopicPolicy, 'alarm-topic-policy'];
const document = (...Statement: Record<string, unknown>[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement });

describePolicies(snsPolicies, {
  'sns-topic-kms-encryption': [
    {
      title: 'an unencrypted topic',
      change: (stack) => {
        delete get(stack, 'alarm-topic-topic').inputs.kmsMasterKeyId;
      },
      messages: [
        "kmsMasterKeyId is not set: set it to the owning stack's KMS key ARN (and let the publishing service use the key in its key policy).",
      ],
      at: TOPIC,
    },
    {
      title: 'a topic under the AWS managed key',
      change: (stack) => {
        get(stack, 'alarm-topic-topic').inputs.kmsMasterKeyId = 'alias/aws/sns';
      },
      messages: [
        "kmsMasterKeyId is the AWS managed key alias/aws/sns, whose key policy CloudWatch cannot be granted: use the owning stack's customer managed key.",
      ],
      at: TOPIC,
    },
  ],
  'sns-topic-policy-not-public': [
    {
      title: 'a topic without a policy',
      change: (stack) => {
        remove(stack, 'alarm-topic-policy');
      },
      messages: [
        "topic 'payments-prod-alarms' has no aws.sns.TopicPolicy, so SNS applies its default (any principal of the account may publish and subscribe): give it a policy that allows only the publishing service, conditioned on aws:SourceAccount and aws:SourceArn.",
      ],
      at: TOPIC,
    },
    {
      title: 'a policy without TLS, open to anyone and to another account',
      change: (stack) => {
        get(stack, 'alarm-topic-policy').inputs.policy = document(
          { Sid: 'Anyone', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sns:Publish', Resource: '*' },
          {
            Sid: 'Partner',
            Effect: 'Allow',
            Principal: { AWS: 'arn:aws:iam::210987654321:root' },
            Action: 'sns:Subscribe',
            Resource: '*',
          },
        );
      },
      messages: [
        "the policy of topic 'payments-prod-alarms' lets publishers use plain HTTP: add { Effect: 'Deny', Principal: '*', Action: 'sns:Publish', Resource: <topic ARN>, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }.",
        "the policy of topic 'payments-prod-alarms' statement 'Anyone' allows Principal '*' without a source condition: name the service and add aws:SourceAccount and aws:SourceArn.",
        "the policy of topic 'payments-prod-alarms' statement 'Partner' grants another account (arn:aws:iam::210987654321:root): only this environment's account may use its topic (DESIGN-1).",
      ],
      at: POLICY,
    },
  ],
});
