import { AWS } from '@payments/aws-types';
import { describePolicies, findingsOf } from '../testing/cases';
import { compliantStack, get } from '../testing/fixtures';
import { kmsKeyRotation, kmsLogsPolicies } from './kms-logs';

const LOG_GROUP: [string, string] = [AWS.cloudwatchLogGroup, 'logs-api-access'];
const ACCEPTED =
  '1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653';

describePolicies(kmsLogsPolicies, {
  'kms-key-rotation': [
    {
      title: 'a symmetric key without rotation',
      change: (stack) => {
        delete get(stack, 'storage-key').inputs.enableKeyRotation;
      },
      messages: [
        'enableKeyRotation is not true: set enableKeyRotation: true (KMS rotates the key material yearly).',
      ],
      at: [AWS.kmsKey, 'storage-key'],
    },
  ],
  'log-group-kms-encryption': [
    {
      title: 'a log group without a KMS key',
      change: (stack) => {
        delete get(stack, 'logs-api-access').inputs.kmsKeyId;
      },
      messages: [
        "kmsKeyId is not set: set it to the owning stack's KMS key ARN (and allow logs.<region>.amazonaws.com to use the key for this log group in the key policy).",
      ],
      at: LOG_GROUP,
    },
  ],
  'log-group-retention': [
    {
      title: 'logs that never expire',
      change: (stack) => {
        delete get(stack, 'logs-api-access').inputs.retentionInDays;
      },
      messages: [
        `retentionInDays is not set, so logs never expire: set it from the settings (storage.logRetentionDays or network.flowLogRetentionDays), one of ${ACCEPTED}.`,
      ],
      at: LOG_GROUP,
    },
    {
      title: 'a retention CloudWatch refuses',
      env: 'dev',
      change: (stack) => {
        get(stack, 'logs-api-access').inputs.retentionInDays = 10;
      },
      messages: [`retentionInDays 10 is not a value CloudWatch accepts: use one of ${ACCEPTED}.`],
      at: LOG_GROUP,
    },
    {
      title: 'a short retention in prod',
      change: (stack) => {
        get(stack, 'logs-api-access').inputs.retentionInDays = 30;
      },
      messages: [
        'retentionInDays 30 is below 365 in prod: keep prod logs at least 365 days (storage.logRetentionDays / network.flowLogRetentionDays).',
      ],
      at: LOG_GROUP,
    },
  ],
});

describe('kms-key-rotation on keys KMS cannot rotate', () => {
  it('leaves asymmetric keys alone', () => {
    const stack = compliantStack('prod');
    const key = get(stack, 'storage-key').inputs;
    key.customerMasterKeySpec = 'RSA_2048';
    delete key.enableKeyRotation;
    expect(findingsOf(kmsKeyRotation, stack)).toEqual([]);
  });
});
