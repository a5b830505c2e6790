import type * as aws from '@pulumi/aws';
import type { PolicyResource } from '@pulumi/policy';
import type { Unwrap } from '@pulumi/pulumi';
import { parseGlobalName } from '@payments/naming';
import { AWS } from '@payments/aws-types';
import { belongsTo, ofType, stackPolicy } from '../define';
import { list, record, statements, text } from '../inspect';

// AWS Foundational Security Best Practices controls for S3. Since @pulumi/aws v7 every bucket setting is its own
// resource, so these are stack policies: each bucket must have the companion resource that configures it.

type BucketArgs = Unwrap<aws.s3.BucketArgs>;

export function bucketLabel(bucket: PolicyResource): string {
  return `bucket '${text((bucket.props as BucketArgs).bucket) ?? bucket.name}'`;
}

/** The resources of `type` configuring `bucket`: they depend on it or name the same bucket. */
export function configsOf<T extends { bucket?: unknown }>(
  resources: readonly PolicyResource[],
  bucket: PolicyResource,
  type: string,
): { resource: PolicyResource; props: T }[] {
  const name = text((bucket.props as BucketArgs).bucket);
  return ofType<T>(resources, type).filter(({ resource, props }) =>
    belongsTo(resource, bucket, () => name !== undefined && text(props.bucket) === name),
  );
}

export const buckets = (resources: readonly PolicyResource[]) => ofType<BucketArgs>(resources, AWS.s3Bucket);

type LoggingArgs = Unwrap<aws.s3.BucketLoggingArgs>;

/** Whether the `key` input of `resource` is `bucket`: it takes its value from the bucket, or names it. */
function inputNames(resource: PolicyResource, key: string, bucket: PolicyResource): boolean {
  if ((resource.propertyDependencies[key] ?? []).some((d) => d.urn === bucket.urn)) return true;
  const name = text((bucket.props as BucketArgs).bucket);
  return name !== undefined && text(resource.props[key]) === name;
}

/** The server access logging configurations of `bucket` (its `aws.s3.BucketLogging`, by its `bucket` input). */
export function loggingOf(resources: readonly PolicyResource[], bucket: PolicyResource) {
  return ofType<LoggingArgs>(resources, AWS.s3BucketLogging).filter(({ resource }) =>
    inputNames(resource, 'bucket', bucket),
  );
}

/** Whether S3 delivers another bucket's server access logs to `bucket` (it is a `targetBucket`). */
export function isAccessLogTarget(resources: readonly PolicyResource[], bucket: PolicyResource): boolean {
  return ofType<LoggingArgs>(resources, AWS.s3BucketLogging).some(
    ({ resource }) => inputNames(resource, 'targetBucket', bucket) && !inputNames(resource, 'bucket', bucket),
  );
}

/**
 * The one exception to S3.17 and S3.15, scoped to a bucket that receives server access logs: AWS requires such a
 * target to use SSE-S3 as default encryption (log delivery does not support a default of SSE-KMS) and to have no
 * Object Lock default retention (S3 User Guide, "Enabling Amazon S3 server access logging" and "Logging requests
 * with server access logging"). The policies say so in their description and require what AWS allows instead.
 */

const PUBLIC_ACCESS_FLAGS = [
  'blockPublicAcls',
  'blockPublicPolicy',
  'ignorePublicAcls',
  'restrictPublicBuckets',
] as const;

export const s3PublicAccessBlock = stackPolicy({
  name: 's3-public-access-block',
  description:
    'S3.1/S3.8: every bucket has a public access block with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets all true.',
  validate: (args, report) => {
    for (const { resource: bucket } of buckets(args.resources)) {
      const blocks = configsOf<Unwrap<aws.s3.BucketPublicAccessBlockArgs>>(
        args.resources,
        bucket,
        AWS.s3BucketPublicAccessBlock,
      );
      if (blocks.length === 0) {
        report(
          `${bucketLabel(bucket)} has no public access block: add an aws.s3.BucketPublicAccessBlock for it with ${PUBLIC_ACCESS_FLAGS.join(', ')} all true.`,
          bucket.urn,
        );
      }
      for (const { resource, props } of blocks) {
        const off = PUBLIC_ACCESS_FLAGS.filter((flag) => props[flag] !== true);
        if (off.length > 0) {
          report(
            `the public access block of ${bucketLabel(bucket)} leaves ${off.join(', ')} off: set all four of ${PUBLIC_ACCESS_FLAGS.join(', ')} to true.`,
            resource.urn,
          );
        }
      }
    }
  },
});

/** A statement denying every S3 action to anyone when the request is not over TLS. */
export function deniesInsecureTransport(statement: Record<string, unknown>): boolean {
  if (statement.Effect !== 'Deny') return false;
  const principal = statement.Principal;
  const anyone = principal === '*' || list(record(principal)?.AWS).includes('*');
  const actions = list(statement.Action);
  const everyAction = actions.includes('s3:*') || actions.includes('*');
  const objects = list(statement.Resource).some(
    (r) => r === '*' || (typeof r === 'string' && r.endsWith('/*')),
  );
  const secureTransport = list(record(record(statement.Condition)?.Bool)?.['aws:SecureTransport']).map(
    String,
  );
  return anyone && everyAction && objects && secureTransport.includes('false');
}

export const s3TlsOnly = stackPolicy({
  name: 's3-tls-only-bucket-policy',
  description:
    'S3.5: every bucket has a bucket policy that denies all S3 actions to anyone when aws:SecureTransport is false.',
  validate: (args, report) => {
    for (const { resource: bucket } of buckets(args.resources)) {
      const policies = configsOf<Unwrap<aws.s3.BucketPolicyArgs>>(args.resources, bucket, AWS.s3BucketPolicy);
      if (!policies.some(({ props }) => statements(props.policy).some(deniesInsecureTransport))) {
        report(
          `${bucketLabel(bucket)} accepts requests without TLS: give it an aws.s3.BucketPolicy with a statement { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [<bucket ARN>, '<bucket ARN>/*'], Condition: { Bool: { 'aws:SecureTransport': 'false' } } }.`,
          bucket.urn,
        );
      }
    }
  },
});

export const s3VersioningAndLifecycle = stackPolicy({
  name: 's3-versioning-and-lifecycle',
  description:
    'S3.10: every bucket has versioning Enabled and a lifecycle configuration with at least one enabled rule.',
  validate: (args, report) => {
    for (const { resource: bucket } of buckets(args.resources)) {
      const versioning = configsOf<Unwrap<aws.s3.BucketVersioningArgs>>(
        args.resources,
        bucket,
        AWS.s3BucketVersioning,
      );
      if (!versioning.some(({ props }) => props.versioningConfiguration?.status === 'Enabled')) {
        report(
          `${bucketLabel(bucket)} is not versioned: add an aws.s3.BucketVersioning for it with versioningConfiguration: { status: 'Enabled' }.`,
          bucket.urn,
        );
      }
      const lifecycles = configsOf<Unwrap<aws.s3.BucketLifecycleConfigurationArgs>>(
        args.resources,
        bucket,
        AWS.s3BucketLifecycleConfiguration,
      );
      if (
        !lifecycles.some(({ props }) => list(props.rules).some((rule) => record(rule)?.status === 'Enabled'))
      ) {
        report(
          `${bucketLabel(bucket)} has no enabled lifecycle rule: add an aws.s3.BucketLifecycleConfiguration for it with a rule of status 'Enabled' that transitions and expires current and noncurrent versions.`,
          bucket.urn,
        );
      }
    }
  },
});

export const s3OwnershipEnforced = stackPolicy({
  name: 's3-bucket-owner-enforced',
  description:
    'S3.12: every bucket disables ACLs with ownership controls BucketOwnerEnforced; no bucket ACL.',
  validate: (args, report) => {
    for (const { resource: bucket } of buckets(args.resources)) {
      const controls = configsOf<Unwrap<aws.s3.BucketOwnershipControlsArgs>>(
        args.resources,
        bucket,
        AWS.s3BucketOwnershipControls,
      );
      if (!controls.some(({ props }) => props.rule?.objectOwnership === 'BucketOwnerEnforced')) {
        report(
          `${bucketLabel(bucket)} does not disable ACLs: add an aws.s3.BucketOwnershipControls for it with rule: { objectOwnership: 'BucketOwnerEnforced' }.`,
          bucket.urn,
        );
      }
      for (const { resource } of configsOf(args.resources, bucket, AWS.s3BucketAcl)) {
        report(
          `${bucketLabel(bucket)} has an aws.s3.BucketAcl: remove it; access is granted by IAM and the bucket policy only.`,
          resource.urn,
        );
      }
    }
  },
});

const KMS_ALGORITHMS = ['aws:kms', 'aws:kms:dsse'];

export const s3EncryptedWithCustomerKey = stackPolicy({
  name: 's3-sse-kms-customer-key',
  description:
    "S3.17: every bucket is encrypted by default with SSE-KMS under the storage stack's customer managed key, except a server access log target, which must use SSE-S3 (AWS does not deliver server access logs to a bucket whose default is SSE-KMS).",
  validate: (args, report) => {
    for (const { resource: bucket } of buckets(args.resources)) {
      const configs = configsOf<Unwrap<aws.s3.BucketServerSideEncryptionConfigurationArgs>>(
        args.resources,
        bucket,
        AWS.s3BucketServerSideEncryptionConfiguration,
      );
      const defaults = configs.flatMap(({ props }) =>
        list(props.rules).map((rule) => record(record(rule)?.applyServerSideEncryptionByDefault)),
      );
      if (isAccessLogTarget(args.resources, bucket)) {
        if (!defaults.some((d) => d?.sseAlgorithm === 'AES256')) {
          report(
            `${bucketLabel(bucket)} receives server access logs, which S3 delivers only to a bucket whose default encryption is SSE-S3: give it an aws.s3.BucketServerSideEncryptionConfiguration with applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' }.`,
            bucket.urn,
          );
        }
        continue;
      }
      const customerKey = defaults.some(
        (d) => KMS_ALGORITHMS.includes(String(d?.sseAlgorithm)) && text(d?.kmsMasterKeyId) !== undefined,
      );
      if (!customerKey) {
        report(
          `${bucketLabel(bucket)} is not encrypted with our KMS key: add an aws.s3.BucketServerSideEncryptionConfiguration for it with applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: <storage key ARN> } and bucketKeyEnabled: true.`,
          bucket.urn,
        );
      }
    }
  },
});

/** The regions of the stack's AWS providers (a provider's config arrives as strings). */
function providerRegions(resources: readonly PolicyResource[]): string[] {
  return resources
    .filter((r) => r.type === 'pulumi:providers:aws')
    .map((r) => text(r.props.region))
    .filter((region): region is string => region !== undefined);
}

export const s3BucketNameGloballyUnique = stackPolicy({
  name: 's3-bucket-name-globally-unique',
  description:
    'DESIGN-11: every bucket name carries the account ID and the region (payments-<env>-<component>-<account>-<region>): bucket names are unique across all AWS accounts.',
  validate: (args, report) => {
    const regions = providerRegions(args.resources);
    for (const { resource: bucket, props } of buckets(args.resources)) {
      // An auto-named bucket is physical-names-carry-stack-environment's finding.
      const name = text(props.bucket);
      if (name === undefined) continue;
      const parts = parseGlobalName(name);
      if (parts === undefined) {
        report(
          `${bucketLabel(bucket)} does not carry the account ID and the region: bucket names are unique across all AWS accounts, so CreateBucket can fail with BucketAlreadyExists. Name it with namer.globalPhysical('s3Bucket', <component>, { accountId, region }) (payments-<env>-<component>-<account>-<region>), the account from aws.getCallerIdentity.`,
          bucket.urn,
        );
      } else if (regions.length > 0 && !regions.includes(parts.region)) {
        report(
          `${bucketLabel(bucket)} names the region '${parts.region}' but the stack deploys to ${regions.join(', ')}: pass the stack's region (settings.region) to namer.globalPhysical.`,
          bucket.urn,
        );
      }
    }
  },
});

/** Whether `bucket`'s policy lets S3's log delivery write to it: it is meant to receive server access logs. */
function receivesAccessLogs(resources: readonly PolicyResource[], bucket: PolicyResource): boolean {
  return configsOf<Unwrap<aws.s3.BucketPolicyArgs>>(resources, bucket, AWS.s3BucketPolicy).some(
    ({ resource, props }) =>
      inputNames(resource, 'bucket', bucket) &&
      statements(props.policy).some(
        (s) =>
          s.Effect === 'Allow' &&
          list(record(s.Principal)?.Service).includes(LOG_DELIVERY_PRINCIPAL) &&
          list(s.Action).includes('s3:PutObject'),
      ),
  );
}

/** The service principal of S3 server access log delivery (S3 User Guide, "Permissions for log delivery"). */
const LOG_DELIVERY_PRINCIPAL = 'logging.s3.amazonaws.com';

export const s3ServerAccessLogging = stackPolicy({
  name: 's3-server-access-logging',
  description:
    'S3.9: every bucket logs its requests (server access logging) to a different bucket, except a log bucket, whose policy lets logging.s3.amazonaws.com write (logging it would log its own deliveries; PCI DSS 10.2).',
  validate: (args, report) => {
    for (const { resource: bucket } of buckets(args.resources)) {
      if (receivesAccessLogs(args.resources, bucket)) continue;
      const logging = loggingOf(args.resources, bucket);
      if (logging.length === 0) {
        report(
          `${bucketLabel(bucket)} has no server access logging: add an aws.s3.BucketLogging for it with targetBucket a separate log bucket (SSE-S3, no object lock retention) whose policy lets logging.s3.amazonaws.com PutObject under targetPrefix.`,
          bucket.urn,
        );
      }
      for (const { resource } of logging) {
        if (inputNames(resource, 'targetBucket', bucket)) {
          report(
            `${bucketLabel(bucket)} logs its requests to itself, which logs its own log deliveries: set targetBucket of its aws.s3.BucketLogging to a separate log bucket.`,
            resource.urn,
          );
        }
      }
    }
  },
});

export const s3Policies = [
  s3BucketNameGloballyUnique,
  s3PublicAccessBlock,
  s3TlsOnly,
  s3VersioningAndLifecycle,
  s3OwnershipEnforced,
  s3EncryptedWithCustomerKey,
  s3ServerAccessLogging,
];
