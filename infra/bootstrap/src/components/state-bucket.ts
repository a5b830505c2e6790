import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { stateBucketPolicy } from '../documents';

export interface StateBucketArgs {
  /** `namer.globalPhysical('s3Bucket', 'state', ...)`: bucket names are global (DESIGN-11). */
  bucketName: pulumi.Input<string>;
  /** The bucket's own key: SSE-KMS by default, and the only key an upload may ask for. */
  kmsKeyArn: pulumi.Input<string>;
  /** Days a superseded state file (a noncurrent version) is kept before S3 deletes it. */
  noncurrentVersionExpirationDays: number;
}

/**
 * The Pulumi S3 backend's bucket (`s3://<name>`), with the audit bucket's controls: versioned (every checkpoint
 * recoverable) and lifecycled (S3.10), SSE-KMS with its own key, public access blocked (S3.1/S3.8), ACLs off
 * (S3.12), TLS only (S3.5). Always `protect`ed: it holds the state of every stack of the account.
 */
export class StateBucket extends pulumi.ComponentResource {
  readonly bucketName: pulumi.Output<string>;
  readonly bucketArn: pulumi.Output<string>;

  constructor(name: string, args: StateBucketArgs, opts?: pulumi.ComponentResourceOptions) {
    super('payments:bootstrap:StateBucket', name, {}, opts);

    // Never forceDestroy: deleting the state of every stack must take emptying the bucket by hand first.
    const bucket = new aws.s3.Bucket(
      `${name}-bucket`,
      { bucket: args.bucketName, forceDestroy: false },
      { parent: this, protect: true },
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
          .apply(([bucketArn, kmsKeyArn]) => JSON.stringify(stateBucketPolicy({ bucketArn, kmsKeyArn }))),
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
            // Current state files never expire; superseded ones do.
            id: 'expire-superseded-state',
            status: 'Enabled',
            filter: {},
            noncurrentVersionExpiration: { noncurrentDays: args.noncurrentVersionExpirationDays },
            abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
          },
        ],
      },
      { parent: this, dependsOn: [versioning] },
    );

    this.bucketName = bucket.bucket;
    this.bucketArn = bucket.arn;
    this.registerOutputs({ bucketName: this.bucketName, bucketArn: this.bucketArn });
  }
}
