import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { auditBucketPolicy } from '../bucket-policy';

export interface AuditObjectLock {
  enabled: boolean;
  mode: 'COMPLIANCE' | 'GOVERNANCE';
  retentionDays: number;
}

export interface AuditBucketArgs {
  /** `namer.globalPhysical('s3Bucket', ...)`: bucket names are global, so it carries the account and region. */
  bucketName: pulumi.Input<string>;
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
  /** Lets `pulumi destroy` delete a bucket that still holds objects. */
  forceDestroy: boolean;
  /** Pulumi `protect` on the bucket: `pulumi destroy` refuses until it is lifted. */
  protect: boolean;
}

/**
 * The audit bucket and its v7 companion resources, following AWS Foundational Security Best Practices:
 * versioned and lifecycled (S3.10), encrypted with our KMS key, public access blocked (S3.1/S3.8), ACLs off
 * (S3.12), TLS only (S3.5), and write-once (Object Lock) where configured.
 */
export class AuditBucket extends pulumi.ComponentResource {
  readonly bucketName: pulumi.Output<string>;
  readonly bucketArn: pulumi.Output<string>;

  constructor(name: string, args: AuditBucketArgs, opts?: pulumi.ComponentResourceOptions) {
    super('payments:storage:AuditBucket', name, {}, opts);

    const bucket = new aws.s3.Bucket(
      `${name}-bucket`,
      {
        bucket: args.bucketName,
        forceDestroy: args.forceDestroy,
        objectLockEnabled: args.objectLock.enabled,
      },
      { parent: this, protect: args.protect },
    );

    const versioning = new aws.s3.BucketVersioning(
      `${name}-versioning`,
      { bucket: bucket.id, versioningConfiguration: { status: 'Enabled' } },
      { parent: this },
    );

    new aws.s3.BucketServerSideEncryptionConfiguration(
      `${name}-encryption`,
      {
        bucket: bucket.id,
        rules: [
          {
            applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: args.kmsKeyArn },
            // One data key per bucket instead of per object: far fewer KMS calls.
            bucketKeyEnabled: true,
          },
        ],
      },
      { parent: this },
    );

    const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(
      `${name}-public-access-block`,
      {
        bucket: bucket.id,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      },
      { parent: this },
    );

    new aws.s3.BucketOwnershipControls(
      `${name}-ownership`,
      { bucket: bucket.id, rule: { objectOwnership: 'BucketOwnerEnforced' } },
      { parent: this },
    );

    new aws.s3.BucketPolicy(
      `${name}-policy`,
      {
        bucket: bucket.id,
        policy: pulumi
          .all([bucket.arn, args.kmsKeyArn])
          .apply(([bucketArn, kmsKeyArn]) => JSON.stringify(auditBucketPolicy({ bucketArn, kmsKeyArn }))),
      },
      // S3 rejects a bucket policy while the bucket's public access settings are still being applied.
      { parent: this, dependsOn: [publicAccessBlock] },
    );

    new aws.s3.BucketLifecycleConfiguration(
      `${name}-lifecycle`,
      {
        bucket: bucket.id,
        rules: [
          {
            id: 'archive-then-expire',
            status: 'Enabled',
            // An empty filter: the rule applies to every object.
            filter: {},
            transitions: [{ days: args.transitionToGlacierDays, storageClass: 'GLACIER' }],
            expiration: { days: args.expirationDays },
            noncurrentVersionTransitions: [
              { noncurrentDays: args.transitionToGlacierDays, storageClass: 'GLACIER' },
            ],
            noncurrentVersionExpiration: { noncurrentDays: args.expirationDays },
            abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
          },
        ],
      },
      // Noncurrent-version rules need versioning in place first.
      { parent: this, dependsOn: [versioning] },
    );

    if (args.objectLock.enabled) {
      new aws.s3.BucketObjectLockConfiguration(
        `${name}-object-lock`,
        {
          bucket: bucket.id,
          objectLockEnabled: 'Enabled',
          rule: { defaultRetention: { mode: args.objectLock.mode, days: args.objectLock.retentionDays } },
        },
        // Object lock requires a versioned bucket.
        { parent: this, dependsOn: [versioning] },
      );
    }

    this.bucketName = bucket.bucket;
    this.bucketArn = bucket.arn;
    this.registerOutputs({ bucketName: this.bucketName, bucketArn: this.bucketArn });
  }
}
