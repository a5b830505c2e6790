import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { BucketComponent, type BucketComponentArgs } from '@payments/stack';
import { auditBucketPolicy } from '../bucket-policy';

export interface AuditObjectLock {
  enabled: boolean;
  mode: 'COMPLIANCE' | 'GOVERNANCE';
  retentionDays: number;
}

export interface AuditBucketArgs extends BucketComponentArgs {
  /** The KMS key every object is encrypted with by default, and the only one uploads may ask for. */
  kmsKeyArn: pulumi.Input<string>;
  /** Days after which current (and, once superseded, noncurrent) versions move to S3 Glacier. */
  transitionToGlacierDays: number;
  /** Days after which current versions expire and noncurrent versions are deleted. */
  expirationDays: number;
  /**
   * S3 Object Lock. A bucket is created with object lock or without it, and a lock cannot be lifted, so
   * changing `enabled` replaces the bucket.
   */
  objectLock: AuditObjectLock;
}

/**
 * The audit bucket and its v7 companion resources, following AWS Foundational Security Best Practices:
 * versioned and lifecycled (S3.10), encrypted with our KMS key, public access blocked (S3.1/S3.8), ACLs off
 * (S3.12), TLS only (S3.5), and write-once (Object Lock) where configured.
 */
export class AuditBucket extends BucketComponent {
  constructor(name: string, args: AuditBucketArgs, opts?: pulumi.ComponentResourceOptions) {
    super(
      'payments:storage:AuditBucket',
      name,
      {
        bucket: {
          bucket: args.bucketName,
          forceDestroy: args.forceDestroy,
          objectLockEnabled: args.objectLock.enabled,
        },
        protect: args.protect,
        kmsKeyArn: args.kmsKeyArn,
        policy: (bucketArn) =>
          pulumi
            .all([bucketArn, args.kmsKeyArn])
            .apply(([bucketArn, kmsKeyArn]) => JSON.stringify(auditBucketPolicy({ bucketArn, kmsKeyArn }))),
        lifecycleRule: {
          id: 'archive-then-expire',
          status: 'Enabled',
          filter: {},
          transitions: [{ days: args.transitionToGlacierDays, storageClass: 'GLACIER' }],
          expiration: { days: args.expirationDays },
          noncurrentVersionTransitions: [
            { noncurrentDays: args.transitionToGlacierDays, storageClass: 'GLACIER' },
          ],
          noncurrentVersionExpiration: { noncurrentDays: args.expirationDays },
          abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
        },
      },
      opts,
      ({ bucket, versioning }, parent) => {
        if (!args.objectLock.enabled) return;
        new aws.s3.BucketObjectLockConfiguration(
          `${name}-object-lock`,
          {
            bucket: bucket.id,
            objectLockEnabled: 'Enabled',
            rule: { defaultRetention: { mode: args.objectLock.mode, days: args.objectLock.retentionDays } },
          },
          // Object lock requires a versioned bucket.
          { parent, dependsOn: [versioning] },
        );
      },
    );
  }
}
