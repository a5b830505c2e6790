import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { StackContext } from './context';

/** A bucket's name: global across all AWS accounts, so it carries this stack's account and region (DESIGN-11). */
export function globalBucketName(ctx: StackContext, component: string): pulumi.Output<string> {
  return ctx.account.accountId.apply((accountId) =>
    ctx.namer.globalPhysical('s3Bucket', component, { accountId, region: ctx.settings.region }),
  );
}

/** What a bucket component whose bucket the settings shape takes (storage's audit and access-log buckets). */
export interface BucketComponentArgs {
  /** `globalBucketName(ctx, ...)`: bucket names are global, so it carries the account and region. */
  bucketName: pulumi.Input<string>;
  /** Lets `pulumi destroy` delete a bucket that still holds objects. */
  forceDestroy: boolean;
  /** Pulumi `protect` on the bucket: `pulumi destroy` refuses until it is lifted. */
  protect: boolean;
}

export interface BucketControlsArgs {
  /** The bucket's own arguments (name, forceDestroy, object lock). */
  bucket: aws.s3.BucketArgs;
  /** Pulumi `protect` on the bucket. */
  protect: boolean;
  /** SSE-KMS under this key, with an S3 Bucket Key; without it, SSE-S3 (AES256). */
  kmsKeyArn?: pulumi.Input<string>;
  /** The bucket policy (JSON) over the bucket's ARN. */
  policy: (bucketArn: pulumi.Output<string>) => pulumi.Input<string>;
  /** The bucket's one lifecycle rule. */
  lifecycleRule: aws.types.input.s3.BucketLifecycleConfigurationRule;
}

export interface BucketControls {
  bucket: aws.s3.Bucket;
  /** What object lock and other noncurrent-version settings depend on. */
  versioning: aws.s3.BucketVersioning;
  /** What log delivery depends on. */
  policy: aws.s3.BucketPolicy;
}

/**
 * A bucket and its v7 companion resources, following AWS Foundational Security Best Practices: versioned and
 * lifecycled (S3.10), encrypted by default, public access blocked (S3.1/S3.8), ACLs off (S3.12) and the given
 * policy. A function, not a component: the resources keep the caller's component as parent and their
 * `${name}-...` names, so their URNs are those of the caller's own resources.
 */
export function bucketWithControls(
  name: string,
  args: BucketControlsArgs,
  parent: pulumi.Resource,
): BucketControls {
  const bucket = new aws.s3.Bucket(`${name}-bucket`, args.bucket, { parent, protect: args.protect });

  const versioning = new aws.s3.BucketVersioning(
    `${name}-versioning`,
    { bucket: bucket.id, versioningConfiguration: { status: 'Enabled' } },
    { parent },
  );

  new aws.s3.BucketServerSideEncryptionConfiguration(
    `${name}-encryption`,
    {
      bucket: bucket.id,
      rules: [
        args.kmsKeyArn === undefined
          ? { applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }
          : {
              applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: args.kmsKeyArn },
              // One data key per bucket instead of per object: far fewer KMS calls.
              bucketKeyEnabled: true,
            },
      ],
    },
    { parent },
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
    { parent },
  );

  new aws.s3.BucketOwnershipControls(
    `${name}-ownership`,
    { bucket: bucket.id, rule: { objectOwnership: 'BucketOwnerEnforced' } },
    { parent },
  );

  const policy = new aws.s3.BucketPolicy(
    `${name}-policy`,
    { bucket: bucket.id, policy: args.policy(bucket.arn) },
    // S3 rejects a bucket policy while the bucket's public access settings are still being applied.
    { parent, dependsOn: [publicAccessBlock] },
  );

  new aws.s3.BucketLifecycleConfiguration(
    `${name}-lifecycle`,
    // An empty filter in a rule applies it to every object.
    { bucket: bucket.id, rules: [args.lifecycleRule] },
    // Noncurrent-version rules need versioning in place first.
    { parent, dependsOn: [versioning] },
  );

  return { bucket, versioning, policy };
}

/**
 * A component made of one bucket with its controls (`bucketWithControls`, under this component) and whatever
 * `more` adds once they exist (object lock, a logging configuration), exposing the bucket's name and ARN. A base
 * class, not a parent: the subclass's type token and name make the URN, as before.
 */
export class BucketComponent extends pulumi.ComponentResource {
  readonly bucketName: pulumi.Output<string>;
  readonly bucketArn: pulumi.Output<string>;

  constructor(
    type: string,
    name: string,
    args: BucketControlsArgs,
    opts?: pulumi.ComponentResourceOptions,
    more?: (controls: BucketControls, parent: pulumi.Resource) => void,
  ) {
    super(type, name, {}, opts);
    const controls = bucketWithControls(name, args, this);
    more?.(controls, this);
    this.bucketName = controls.bucket.bucket;
    this.bucketArn = controls.bucket.arn;
    this.registerOutputs({ bucketName: this.bucketName, bucketArn: this.bucketArn });
  }
}
