import { AWS } from '@payments/aws-types';
import { describePolicies } from '../testing/cases';
import { get } from '../testing/fixtures';
import { kmsPolicies } from './kms';

const KEY: [string, string] = [AWS.kmsKey, 'storage-key'];
const document = (...Statement: Record<string, unknown>[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement });

describePolicies(kmsPolicies, {
  'kms-key-policy-no-public-principal': [
    {
      title: 'a key without a key policy',
      change: (stack) => {
        delete get(stack, 'storage-key').inputs.policy;
      },
      messages: [
        'the key has no key policy, so KMS applies its default (the whole account through IAM): give it the policy of packages/stack keyPolicy (CustomerManagedKey does).',
      ],
      at: KEY,
    },
    {
      title: 'a statement for any principal limited only by the service',
      change: (stack) => {
        get(stack, 'storage-key').inputs.policy = document({
          Sid: 'AnyoneViaS3',
          Effect: 'Allow',
          Principal: '*',
          Action: 'kms:Decrypt',
          Resource: '*',
          Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } },
        });
      },
      messages: [
        "key policy statement 'AnyoneViaS3' allows Principal '*' without kms:CallerAccount: name the principal or service, or add Condition: { StringEquals: { 'kms:CallerAccount': <account ID> } }.",
      ],
      at: KEY,
    },
  ],
  'kms-no-decrypt-on-all-keys': [
    {
      title: 'an identity policy decrypting with every key',
      change: (stack) => {
        get(stack, 'payments-role-policy').inputs.policy = document(
          {
            Sid: 'DecryptAnything',
            Effect: 'Allow',
            Action: ['kms:Decrypt*', 'kms:GenerateDataKey'],
            Resource: '*',
          },
          {
            Sid: 'ReEncrypt',
            Effect: 'Allow',
            Action: 'kms:ReEncrypt*',
            Resource: 'arn:aws:kms:*:123456789012:key/*',
          },
        );
      },
      messages: [
        "policy 'payments-prod-payments-lambda' of role 'payments-prod-payments-lambda' statement 'DecryptAnything' allows kms:Decrypt on every KMS key: set Resource to the ARN of the key that encrypts the data (e.g. the database stack's kmsKeyArn).",
        "policy 'payments-prod-payments-lambda' of role 'payments-prod-payments-lambda' statement 'ReEncrypt' allows kms:ReEncryptFrom on every KMS key: set Resource to the ARN of the key that encrypts the data (e.g. the database stack's kmsKeyArn).",
      ],
      at: [AWS.iamRolePolicy, 'payments-role-policy'],
    },
  ],
  'kms-key-enabled-deletion-window': [
    {
      title: 'a disabled key without a deletion window',
      change: (stack) => {
        const key = get(stack, 'storage-key').inputs;
        key.isEnabled = false;
        delete key.deletionWindowInDays;
      },
      messages: [
        'isEnabled is false: a disabled key makes the data it encrypts unreadable; remove isEnabled: false.',
        'deletionWindowInDays is not set: set it (30 in prod; CustomerManagedKey takes it from the environment) so a scheduled deletion can be cancelled.',
      ],
      at: KEY,
    },
    {
      title: 'a prod key with the shortest window',
      change: (stack) => {
        get(stack, 'storage-key').inputs.deletionWindowInDays = 7;
      },
      messages: ['deletionWindowInDays 7 is below 30 in prod: give people the longest time to cancel.'],
      at: KEY,
    },
  ],
});
