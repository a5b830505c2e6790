import { BucketComponent } from '@payments/stack';
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
export class StateBucket extends BucketComponent {
  constructor(name: string, args: StateBucketArgs, opts?: pulumi.ComponentResourceOptions) {
    super(
      'payments:bootstrap:StateBucket',
      name,
      {
        // Never forceDestroy: deleting the state of every stack must take emptying the bucket by hand first.
        bucket: { bucket: args.bucketName, forceDestroy: false },
        protect: true,
        kmsKeyArn: args.kmsKeyArn,
        policy: (bucketArn) =>
          pulumi
            .all([bucketArn, args.kmsKeyArn])
            .apply(([bucketArn, kmsKeyArn]) => JSON.stringify(stateBucketPolicy({ bucketArn, kmsKeyArn }))),
        lifecycleRule: {
          // Current state files never expire; superseded ones do.
          id: 'expire-superseded-state',
          status: 'Enabled',
          filter: {},
          noncurrentVersionExpiration: { noncurrentDays: args.noncurrentVersionExpirationDays },
          abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
        },
      },
      opts,
    );
  }
}
