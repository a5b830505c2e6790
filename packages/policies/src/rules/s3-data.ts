import type * as aws from '@pulumi/aws';
import type { Unwrap } from '@pulumi/pulumi';
import { AWS } from '@payments/aws-types';
import { stackPolicy } from '../define';
import { accountOf, anyPrincipal, awsPrincipals, isAllow, statementLabel } from '../documents';
import { stackOf } from '../environment';
import { list, record, statements, text } from '../inspect';
import { bucketLabel, buckets, configsOf, isAccessLogTarget } from './s3';

// Who may reach a bucket and how long its records stay (S3.6, S3.15; Checkov CKV_AWS_70/143/300; cdk-nag
// NIST/PCI S3 rules).

export const s3AbortIncompleteMultipartUploads = stackPolicy({
  name: 's3-abort-incomplete-multipart-uploads',
  description:
    'CKV_AWS_300: every bucket has an enabled lifecycle rule that aborts incomplete multipart uploads, so abandoned parts (billed, invisible in listings) do not pile up.',
  validate: (args, report) => {
    for (const { resource: bucket } of buckets(args.resources)) {
      const rules = configsOf<Unwrap<aws.s3.BucketLifecycleConfigurationArgs>>(
        args.resources,
        bucket,
        AWS.s3BucketLifecycleConfiguration,
      ).flatMap(({ props }) => list(props.rules).map((r) => record(r) ?? {}));
      const aborts = rules.some(
        (r) =>
          r.status === 'Enabled' &&
          typeof record(r.abortIncompleteMultipartUpload)?.daysAfterInitiation === 'number',
      );
      if (!aborts) {
        report(
          `${bucketLabel(bucket)} keeps incomplete multipart uploads forever: give an enabled lifecycle rule abortIncompleteMultipartUpload: { daysAfterInitiation: 7 }.`,
          bucket.urn,
        );
      }
    }
  },
});

export const s3BucketPolicyNoPublicOrCrossAccountAllow = stackPolicy({
  name: 's3-bucket-policy-no-public-or-cross-account-allow',
  description:
    'S3.6: no bucket policy allows anything to Principal "*" or to another account; access to the environment\'s buckets is granted by its own roles\' IAM policies.',
  validate: (args, report) => {
    for (const { resource: bucket } of buckets(args.resources)) {
      for (const { resource, props } of configsOf<Unwrap<aws.s3.BucketPolicyArgs>>(
        args.resources,
        bucket,
        AWS.s3BucketPolicy,
      )) {
        statements(props.policy).forEach((s, i) => {
          if (!isAllow(s)) return;
          if (anyPrincipal(s)) {
            report(
              `the policy of ${bucketLabel(bucket)} ${statementLabel(s, i)} allows Principal '*': grant the role that needs it through its IAM policy instead.`,
              resource.urn,
            );
          }
          const bucketAccount = /-(\d{12})-[a-z0-9-]+$/.exec(text(bucket.props.bucket) ?? '')?.[1];
          const others = awsPrincipals(s).filter((p) => {
            const account = accountOf(p);
            return account !== undefined && bucketAccount !== undefined && account !== bucketAccount;
          });
          if (others.length > 0) {
            report(
              `the policy of ${bucketLabel(bucket)} ${statementLabel(s, i)} grants another account (${others.join(', ')}): one account per environment, nothing crosses (DESIGN-1).`,
              resource.urn,
            );
          }
        });
      }
    }
  },
});

/** PCI DSS 10.5 / 10.7: a year of audit trail kept, and not erasable by anyone in prod. */
export const PROD_OBJECT_LOCK_MIN_DAYS = 365;

export const s3ObjectLock = stackPolicy({
  name: 's3-object-lock',
  description: `S3.15: every bucket has S3 Object Lock with a default retention; in prod COMPLIANCE mode for at least ${PROD_OBJECT_LOCK_MIN_DAYS} days, so no one, root included, can erase audit records (dev and staging are exempt in config); a server access log target must have no default retention instead (AWS does not deliver server access logs to one).`,
  validate: (args, report) => {
    const { env } = stackOf(args.resources);
    for (const { resource: bucket, props } of buckets(args.resources)) {
      const locks = configsOf<Unwrap<aws.s3.BucketObjectLockConfigurationArgs>>(
        args.resources,
        bucket,
        AWS.s3BucketObjectLockConfiguration,
      );
      const retention = locks.map(({ props: l }) => record(record(l.rule)?.defaultRetention)).find(Boolean);
      if (isAccessLogTarget(args.resources, bucket)) {
        if (retention !== undefined) {
          report(
            `${bucketLabel(bucket)} receives server access logs but has an Object Lock default retention, which stops S3 delivering them: remove its aws.s3.BucketObjectLockConfiguration default retention.`,
            bucket.urn,
          );
        }
        continue;
      }
      if (props.objectLockEnabled !== true || retention === undefined) {
        report(
          `${bucketLabel(bucket)} has no object lock with a default retention: set objectLockEnabled: true on the bucket (it replaces the bucket) and add an aws.s3.BucketObjectLockConfiguration with rule.defaultRetention (storage.objectLock).`,
          bucket.urn,
        );
        continue;
      }
      if (env !== 'prod') continue;
      const days =
        typeof retention.days === 'number' ? retention.days : (Number(retention.years ?? 0) || 0) * 365;
      if (retention.mode !== 'COMPLIANCE' || days < PROD_OBJECT_LOCK_MIN_DAYS) {
        report(
          `${bucketLabel(bucket)} locks objects in ${String(retention.mode)} mode for ${days} days: prod needs COMPLIANCE for at least ${PROD_OBJECT_LOCK_MIN_DAYS} days (storage.objectLock), so audit records cannot be erased.`,
          bucket.urn,
        );
      }
    }
  },
});

export const s3DataPolicies = [
  s3AbortIncompleteMultipartUploads,
  s3BucketPolicyNoPublicOrCrossAccountAllow,
  s3ObjectLock,
];
