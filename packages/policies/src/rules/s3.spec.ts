import { AWS } from '@payments/aws-types';
import { describePolicies } from '../testing/cases';
import { KEY_ARN, get, remove, resource } from '../testing/fixtures';
import { deniesInsecureTransport, s3Policies } from './s3';

const BUCKET: [string, string] = [AWS.s3Bucket, 'audit-bucket'];
const LOG_BUCKET: [string, string] = [AWS.s3Bucket, 'access-logs-bucket'];

describePolicies(s3Policies, {
  's3-bucket-name-globally-unique': [
    {
      title: 'a bucket named without the account ID and the region (taken by anyone, anywhere)',
      change: (stack) => {
        get(stack, 'audit-bucket').inputs.bucket = 'payments-prod-audit';
      },
      messages: [
        "bucket 'payments-prod-audit' does not carry the account ID and the region: bucket names are unique across all AWS accounts, so CreateBucket can fail with BucketAlreadyExists. Name it with namer.globalPhysical('s3Bucket', <component>, { accountId, region }) (payments-<env>-<component>-<account>-<region>), the account from aws.getCallerIdentity.",
      ],
      at: BUCKET,
    },
    {
      title: 'a bucket named with a region the stack does not deploy to',
      change: (stack) => {
        get(stack, 'audit-bucket').inputs.bucket = 'payments-prod-audit-123456789012-eu-west-1';
      },
      messages: [
        "bucket 'payments-prod-audit-123456789012-eu-west-1' names the region 'eu-west-1' but the stack deploys to us-east-1: pass the stack's region (settings.region) to namer.globalPhysical.",
      ],
      at: BUCKET,
    },
  ],
  's3-public-access-block': [
    {
      title: 'a bucket without a public access block',
      change: (stack) => remove(stack, 'audit-public-access-block'),
      messages: [
        "bucket 'payments-prod-audit-123456789012-us-east-1' has no public access block: add an aws.s3.BucketPublicAccessBlock for it with blockPublicAcls, blockPublicPolicy, ignorePublicAcls, restrictPublicBuckets all true.",
      ],
      at: BUCKET,
    },
    {
      title: 'a public access block with a flag off',
      change: (stack) => {
        get(stack, 'audit-public-access-block').inputs.restrictPublicBuckets = false;
      },
      messages: [
        "the public access block of bucket 'payments-prod-audit-123456789012-us-east-1' leaves restrictPublicBuckets off: set all four of blockPublicAcls, blockPublicPolicy, ignorePublicAcls, restrictPublicBuckets to true.",
      ],
      at: [AWS.s3BucketPublicAccessBlock, 'audit-public-access-block'],
    },
    {
      title:
        'a second bucket whose block belongs to the first (matched by dependency or bucket name, not by count)',
      change: (stack) => {
        stack['reports-bucket'] = resource('prod', AWS.s3Bucket, 'reports-bucket', {
          bucket: 'payments-prod-reports',
        });
      },
      messages: [
        "bucket 'payments-prod-reports' has no public access block: add an aws.s3.BucketPublicAccessBlock for it with blockPublicAcls, blockPublicPolicy, ignorePublicAcls, restrictPublicBuckets all true.",
      ],
      at: [AWS.s3Bucket, 'reports-bucket'],
    },
  ],
  's3-tls-only-bucket-policy': [
    {
      title: 'a bucket without a bucket policy',
      change: (stack) => remove(stack, 'audit-policy'),
      messages: [
        "bucket 'payments-prod-audit-123456789012-us-east-1' accepts requests without TLS: give it an aws.s3.BucketPolicy with a statement { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [<bucket ARN>, '<bucket ARN>/*'], Condition: { Bool: { 'aws:SecureTransport': 'false' } } }.",
      ],
      at: BUCKET,
    },
    {
      title: 'a bucket policy that allows instead of denying insecure transport',
      change: (stack) => {
        const policy = get(stack, 'audit-policy').inputs;
        policy.policy = String(policy.policy).replace('"Deny"', '"Allow"');
      },
      messages: [
        "bucket 'payments-prod-audit-123456789012-us-east-1' accepts requests without TLS: give it an aws.s3.BucketPolicy with a statement { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [<bucket ARN>, '<bucket ARN>/*'], Condition: { Bool: { 'aws:SecureTransport': 'false' } } }.",
      ],
      at: BUCKET,
    },
  ],
  's3-versioning-and-lifecycle': [
    {
      title: 'suspended versioning',
      change: (stack) => {
        get(stack, 'audit-versioning').inputs.versioningConfiguration = { status: 'Suspended' };
      },
      messages: [
        "bucket 'payments-prod-audit-123456789012-us-east-1' is not versioned: add an aws.s3.BucketVersioning for it with versioningConfiguration: { status: 'Enabled' }.",
      ],
      at: BUCKET,
    },
    {
      title: 'no lifecycle configuration',
      change: (stack) => remove(stack, 'audit-lifecycle'),
      messages: [
        "bucket 'payments-prod-audit-123456789012-us-east-1' has no enabled lifecycle rule: add an aws.s3.BucketLifecycleConfiguration for it with a rule of status 'Enabled' that transitions and expires current and noncurrent versions.",
      ],
      at: BUCKET,
    },
  ],
  's3-bucket-owner-enforced': [
    {
      title: 'ownership controls that keep ACLs',
      change: (stack) => {
        get(stack, 'audit-ownership').inputs.rule = { objectOwnership: 'ObjectWriter' };
      },
      messages: [
        "bucket 'payments-prod-audit-123456789012-us-east-1' does not disable ACLs: add an aws.s3.BucketOwnershipControls for it with rule: { objectOwnership: 'BucketOwnerEnforced' }.",
      ],
      at: BUCKET,
    },
    {
      title: 'a bucket ACL',
      change: (stack) => {
        stack['audit-acl'] = resource('prod', AWS.s3BucketAcl, 'audit-acl', {
          bucket: 'payments-prod-audit-123456789012-us-east-1',
          acl: 'private',
        });
      },
      messages: [
        "bucket 'payments-prod-audit-123456789012-us-east-1' has an aws.s3.BucketAcl: remove it; access is granted by IAM and the bucket policy only.",
      ],
      at: [AWS.s3BucketAcl, 'audit-acl'],
    },
  ],
  's3-sse-kms-customer-key': [
    {
      title: 'SSE-S3 instead of SSE-KMS',
      change: (stack) => {
        get(stack, 'audit-encryption').inputs.rules = [
          { applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } },
        ];
      },
      messages: [
        "bucket 'payments-prod-audit-123456789012-us-east-1' is not encrypted with our KMS key: add an aws.s3.BucketServerSideEncryptionConfiguration for it with applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: <storage key ARN> } and bucketKeyEnabled: true.",
      ],
      at: BUCKET,
    },
    {
      title: 'SSE-KMS under the AWS-managed key (no kmsMasterKeyId)',
      change: (stack) => {
        get(stack, 'audit-encryption').inputs.rules = [
          { applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms' } },
        ];
      },
      messages: [
        "bucket 'payments-prod-audit-123456789012-us-east-1' is not encrypted with our KMS key: add an aws.s3.BucketServerSideEncryptionConfiguration for it with applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: <storage key ARN> } and bucketKeyEnabled: true.",
      ],
      at: BUCKET,
    },
    {
      title: 'a server access log target under SSE-KMS (S3 would not deliver its logs)',
      change: (stack) => {
        get(stack, 'access-logs-encryption').inputs.rules = [
          { applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: KEY_ARN } },
        ];
      },
      messages: [
        "bucket 'payments-prod-access-logs-123456789012-us-east-1' receives server access logs, which S3 delivers only to a bucket whose default encryption is SSE-S3: give it an aws.s3.BucketServerSideEncryptionConfiguration with applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' }.",
      ],
      at: LOG_BUCKET,
    },
    {
      title: 'SSE-S3 on a bucket that logs to itself (the exception is for a separate log target only)',
      change: (stack) => {
        get(stack, 'audit-encryption').inputs.rules = [
          { applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } },
        ];
        get(stack, 'audit-logging').inputs.targetBucket = get(stack, 'audit-bucket').inputs.bucket;
        for (const name of Object.keys(stack).filter((n) => n.startsWith('access-logs-')))
          remove(stack, name);
      },
      messages: [
        "bucket 'payments-prod-audit-123456789012-us-east-1' is not encrypted with our KMS key: add an aws.s3.BucketServerSideEncryptionConfiguration for it with applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: <storage key ARN> } and bucketKeyEnabled: true.",
      ],
      at: BUCKET,
    },
    {
      title: 'SSE-S3 on a former log bucket that receives no logs any more (excused only while it does)',
      change: (stack) => remove(stack, 'audit-logging'),
      messages: [
        "bucket 'payments-prod-access-logs-123456789012-us-east-1' is not encrypted with our KMS key: add an aws.s3.BucketServerSideEncryptionConfiguration for it with applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: <storage key ARN> } and bucketKeyEnabled: true.",
      ],
      at: LOG_BUCKET,
    },
  ],
  's3-server-access-logging': [
    {
      title: 'a bucket without server access logging',
      change: (stack) => remove(stack, 'audit-logging'),
      messages: [
        "bucket 'payments-prod-audit-123456789012-us-east-1' has no server access logging: add an aws.s3.BucketLogging for it with targetBucket a separate log bucket (SSE-S3, no object lock retention) whose policy lets logging.s3.amazonaws.com PutObject under targetPrefix.",
      ],
      at: BUCKET,
    },
    {
      title: 'a bucket logging to itself',
      change: (stack) => {
        get(stack, 'audit-logging').inputs.targetBucket = get(stack, 'audit-bucket').inputs.bucket;
      },
      messages: [
        "bucket 'payments-prod-audit-123456789012-us-east-1' logs its requests to itself, which logs its own log deliveries: set targetBucket of its aws.s3.BucketLogging to a separate log bucket.",
      ],
      at: [AWS.s3BucketLogging, 'audit-logging'],
    },
    {
      title:
        'a second bucket without logging (the log bucket is known by its policy, not by being the only other)',
      change: (stack) => {
        stack['reports-bucket'] = resource('prod', AWS.s3Bucket, 'reports-bucket', {
          bucket: 'payments-prod-reports-123456789012-us-east-1',
        });
      },
      messages: [
        "bucket 'payments-prod-reports-123456789012-us-east-1' has no server access logging: add an aws.s3.BucketLogging for it with targetBucket a separate log bucket (SSE-S3, no object lock retention) whose policy lets logging.s3.amazonaws.com PutObject under targetPrefix.",
      ],
      at: [AWS.s3Bucket, 'reports-bucket'],
    },
  ],
});

describe('deniesInsecureTransport', () => {
  const statement = {
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };

  it('accepts the TLS-only statement, with a boolean or an AWS principal', () => {
    expect(deniesInsecureTransport(statement)).toBe(true);
    expect(
      deniesInsecureTransport({
        ...statement,
        Principal: { AWS: '*' },
        Condition: { Bool: { 'aws:SecureTransport': false } },
      }),
    ).toBe(true);
  });

  it('rejects a statement that leaves actions or objects uncovered', () => {
    expect(deniesInsecureTransport({ ...statement, Action: 's3:GetObject' })).toBe(false);
    expect(deniesInsecureTransport({ ...statement, Resource: 'arn:aws:s3:::b' })).toBe(false);
    expect(deniesInsecureTransport({ ...statement, Principal: { AWS: 'arn:aws:iam::1:root' } })).toBe(false);
  });
});
