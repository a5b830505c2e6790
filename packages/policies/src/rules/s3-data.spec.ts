import { AWS } from '@payments/aws-types';
import { describePolicies } from '../testing/cases';
import { get, remove, resource } from '../testing/fixtures';
import { s3DataPolicies } from './s3-data';

const BUCKET: [string, string] = [AWS.s3Bucket, 'audit-bucket'];
const POLICY: [string, string] = [AWS.s3BucketPolicy, 'audit-policy'];

function addStatements(policy: unknown, ...extra: Record<string, unknown>[]): string {
  const document = JSON.parse(String(policy)) as { Statement: unknown[] };
  document.Statement.push(...extra);
  return JSON.stringify(document);
}

describePolicies(s3DataPolicies, {
  's3-abort-incomplete-multipart-uploads': [
    {
      title: 'a lifecycle that keeps incomplete uploads',
      change: (stack) => {
        const rules = get(stack, 'audit-lifecycle').inputs.rules as Record<string, unknown>[];
        delete rules[0]!.abortIncompleteMultipartUpload;
      },
      messages: [
        "bucket 'payments-prod-audit-123456789012-us-east-1' keeps incomplete multipart uploads forever: give an enabled lifecycle rule abortIncompleteMultipartUpload: { daysAfterInitiation: 7 }.",
      ],
      at: BUCKET,
    },
  ],
  's3-bucket-policy-no-public-or-cross-account-allow': [
    {
      title: 'an Allow to anyone and one to another account',
      change: (stack) => {
        const policy = get(stack, 'audit-policy').inputs;
        policy.policy = addStatements(
          policy.policy,
          {
            Sid: 'PublicRead',
            Effect: 'Allow',
            Principal: '*',
            Action: 's3:GetObject',
            Resource: 'arn:aws:s3:::x/*',
          },
          {
            Sid: 'Partner',
            Effect: 'Allow',
            Principal: { AWS: 'arn:aws:iam::210987654321:root' },
            Action: 's3:GetObject',
            Resource: 'arn:aws:s3:::x/*',
          },
        );
      },
      messages: [
        "the policy of bucket 'payments-prod-audit-123456789012-us-east-1' statement 'PublicRead' allows Principal '*': grant the role that needs it through its IAM policy instead.",
        "the policy of bucket 'payments-prod-audit-123456789012-us-east-1' statement 'Partner' grants another account (arn:aws:iam::210987654321:root): one account per environment, nothing crosses (DESIGN-1).",
      ],
      at: POLICY,
    },
  ],
  's3-object-lock': [
    {
      title: 'a bucket without object lock',
      change: (stack) => {
        delete get(stack, 'audit-bucket').inputs.objectLockEnabled;
        remove(stack, 'audit-object-lock');
      },
      messages: [
        "bucket 'payments-prod-audit-123456789012-us-east-1' has no object lock with a default retention: set objectLockEnabled: true on the bucket (it replaces the bucket) and add an aws.s3.BucketObjectLockConfiguration with rule.defaultRetention (storage.objectLock).",
      ],
      at: BUCKET,
    },
    {
      title: 'a prod bucket locked in GOVERNANCE mode for 30 days',
      change: (stack) => {
        get(stack, 'audit-object-lock').inputs.rule = { defaultRetention: { mode: 'GOVERNANCE', days: 30 } };
      },
      messages: [
        "bucket 'payments-prod-audit-123456789012-us-east-1' locks objects in GOVERNANCE mode for 30 days: prod needs COMPLIANCE for at least 365 days (storage.objectLock), so audit records cannot be erased.",
      ],
      at: BUCKET,
    },
    {
      title: 'nothing outside prod for a GOVERNANCE lock of 30 days (the mode and length are prod rules)',
      env: 'staging',
      change: (stack) => {
        get(stack, 'audit-object-lock').inputs.rule = { defaultRetention: { mode: 'GOVERNANCE', days: 30 } };
      },
      messages: [],
      at: BUCKET,
    },
    {
      title: 'a server access log target with a default retention (S3 would not deliver its logs)',
      change: (stack) => {
        get(stack, 'access-logs-bucket').inputs.objectLockEnabled = true;
        stack['access-logs-object-lock'] = resource(
          'prod',
          AWS.s3BucketObjectLockConfiguration,
          'access-logs-object-lock',
          {
            bucket: get(stack, 'access-logs-bucket').inputs.bucket,
            objectLockEnabled: 'Enabled',
            rule: { defaultRetention: { mode: 'COMPLIANCE', days: 365 } },
          },
        );
      },
      messages: [
        "bucket 'payments-prod-access-logs-123456789012-us-east-1' receives server access logs but has an Object Lock default retention, which stops S3 delivering them: remove its aws.s3.BucketObjectLockConfiguration default retention.",
      ],
      at: [AWS.s3Bucket, 'access-logs-bucket'],
    },
  ],
});
