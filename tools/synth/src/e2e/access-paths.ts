import type { Environment } from '@payments/config';
import type { IamPolicyDocument } from '@payments/mocks';

// The access each role and service must have, and must not have, on the data of one environment: evaluated by
// access-paths.e2e.ts against the synthesized identity, key, bucket and topic policies with the IAM evaluator of
// packages/mocks. A policy change that opens a forbidden path or closes a needed one fails it. Adding a path: one
// line here, with why.

/** What one environment's synthesized plans give the paths to work with. */
export interface AccessContext {
  env: Environment;
  account: string;
  region: string;
  /** Another environment's values, for the paths that must never cross environments (DESIGN-1). */
  other: { env: Environment; auditBucketArn: string; kmsKeyArn: string };
  storage: {
    kmsKeyArn: string;
    auditBucketArn: string;
    accessLogBucketArn: string;
    paymentsLogGroupArn: string;
  };
  database: { kmsKeyArn: string; masterSecretArn: string; clusterResourceId: string };
  network: { alarmTopicArn: string };
  /** The ARN of a function's execution role. */
  roleArn: (fn: 'payments' | 'migrations') => string;
}

/** Where a request goes, and under which policy: a key (KMS rules), a bucket or a topic (resource rules), or neither. */
export interface Target {
  resource: string;
  /** `storage` / `database` / `network`: the key policy of that stack's key; `audit`: the bucket policy; `alarms`: the topic policy. */
  policy?:
    'storage-key' | 'database-key' | 'network-key' | 'audit-bucket' | 'access-log-bucket' | 'alarm-topic';
  keys?: Record<string, string>;
}

export interface AccessPath {
  who: 'payments' | 'migrations' | { service: string };
  action: string;
  on: (c: AccessContext) => Target;
  expect: 'allow' | 'deny';
  why: string;
}

const tls = { 'aws:SecureTransport': 'true' };
const viaS3 = (c: AccessContext) => ({
  'kms:ViaService': `s3.${c.region}.amazonaws.com`,
  'kms:CallerAccount': c.account,
  'kms:EncryptionContext:aws:s3:arn': c.storage.auditBucketArn,
});
const auditPut = (c: AccessContext, keyArn = c.storage.kmsKeyArn) => ({
  ...tls,
  's3:x-amz-server-side-encryption': 'aws:kms',
  's3:x-amz-server-side-encryption-aws-kms-key-id': keyArn,
});
const auditObject = (c: AccessContext) => `${c.storage.auditBucketArn}/audit/2026/11/30/payment.json`;
/** A server access log object, and what S3's log delivery for the audit bucket sends (S3 User Guide form). */
const accessLogObject = (c: AccessContext, prefix = 'audit/') =>
  `${c.storage.accessLogBucketArn}/${prefix}2026-11-30-12-00-00-0123456789ABCDEF`;
const logDelivery = (c: AccessContext, sourceArn = c.storage.auditBucketArn) => ({
  ...tls,
  'aws:SourceArn': sourceArn,
  'aws:SourceAccount': c.account,
});
const S3_LOG_DELIVERY = { service: 'logging.s3.amazonaws.com' };

const dbUser = (c: AccessContext, user: string) =>
  `arn:aws:rds-db:${c.region}:${c.account}:dbuser:${c.database.clusterResourceId}/${user}`;

export const ACCESS_PATHS: readonly AccessPath[] = [
  // --- what must work -------------------------------------------------------------------------------------------
  {
    who: 'payments',
    action: 's3:PutObject',
    on: (c) => ({ resource: auditObject(c), policy: 'audit-bucket', keys: auditPut(c) }),
    expect: 'allow',
    why: 'the payments function writes one audit record per payment, over TLS, under our key',
  },
  {
    who: 'payments',
    action: 'kms:GenerateDataKey',
    on: (c) => ({ resource: c.storage.kmsKeyArn, policy: 'storage-key', keys: viaS3(c) }),
    expect: 'allow',
    why: 'S3 asks KMS for the data key of that record on the function’s behalf',
  },
  {
    who: 'payments',
    action: 'rds-db:connect',
    on: (c) => ({ resource: dbUser(c, 'payments_app') }),
    expect: 'allow',
    why: 'the payments function connects as payments_app with IAM authentication (DESIGN-15)',
  },
  {
    who: 'migrations',
    action: 'secretsmanager:GetSecretValue',
    on: (c) => ({ resource: c.database.masterSecretArn }),
    expect: 'allow',
    why: 'the migrations run as the master user (DESIGN-15)',
  },
  {
    who: 'migrations',
    action: 'kms:Decrypt',
    on: (c) => ({
      resource: c.database.kmsKeyArn,
      policy: 'database-key',
      keys: { 'kms:ViaService': `secretsmanager.${c.region}.amazonaws.com` },
    }),
    expect: 'allow',
    why: 'Secrets Manager decrypts the master secret for the migrations',
  },
  {
    who: { service: 'logs.REGION.amazonaws.com' },
    action: 'kms:GenerateDataKey',
    on: (c) => ({
      resource: c.storage.kmsKeyArn,
      policy: 'storage-key',
      keys: { 'kms:EncryptionContext:aws:logs:arn': c.storage.paymentsLogGroupArn },
    }),
    expect: 'allow',
    why: "CloudWatch Logs encrypts the payments function's log group with the storage key",
  },
  {
    who: { service: 'cloudwatch.amazonaws.com' },
    action: 'sns:Publish',
    on: (c) => ({
      resource: c.network.alarmTopicArn,
      policy: 'alarm-topic',
      keys: {
        ...tls,
        'aws:SourceAccount': c.account,
        'aws:SourceArn': `arn:aws:cloudwatch:${c.region}:${c.account}:alarm:payments-${c.env}-payments-errors`,
      },
    }),
    expect: 'allow',
    why: "this account's alarms notify the alarm topic (DESIGN-12)",
  },
  {
    who: { service: 'cloudwatch.amazonaws.com' },
    action: 'kms:GenerateDataKey',
    on: (c) => ({ resource: `arn:aws:kms:${c.region}:${c.account}:key/network`, policy: 'network-key' }),
    expect: 'allow',
    why: 'the alarms publish to a topic encrypted with the network key',
  },

  {
    who: S3_LOG_DELIVERY,
    action: 's3:PutObject',
    on: (c) => ({ resource: accessLogObject(c), policy: 'access-log-bucket', keys: logDelivery(c) }),
    expect: 'allow',
    why: "S3 delivers the audit bucket's server access logs to the access-log bucket (S3.9)",
  },

  // --- what must never work -------------------------------------------------------------------------------------
  {
    who: S3_LOG_DELIVERY,
    action: 's3:PutObject',
    on: (c) => ({
      resource: accessLogObject(c),
      policy: 'access-log-bucket',
      keys: logDelivery(c, 'arn:aws:s3:::some-other-bucket'),
    }),
    expect: 'deny',
    why: "log delivery writes only the audit bucket's logs (aws:SourceArn, the confused deputy)",
  },
  {
    who: S3_LOG_DELIVERY,
    action: 's3:PutObject',
    on: (c) => ({
      resource: accessLogObject(c, 'other/'),
      policy: 'access-log-bucket',
      keys: logDelivery(c),
    }),
    expect: 'deny',
    why: 'and only under the audit/ prefix',
  },
  {
    who: 'payments',
    action: 's3:GetObject',
    on: (c) => ({ resource: accessLogObject(c), policy: 'access-log-bucket', keys: tls }),
    expect: 'deny',
    why: 'the application never reads the access logs of the audit bucket',
  },
  {
    who: 'payments',
    action: 's3:PutObject',
    on: (c) => ({ resource: accessLogObject(c), policy: 'access-log-bucket', keys: tls }),
    expect: 'deny',
    why: 'nor writes (forges) one',
  },
  {
    who: 'migrations',
    action: 's3:GetObject',
    on: (c) => ({ resource: accessLogObject(c), policy: 'access-log-bucket', keys: tls }),
    expect: 'deny',
    why: 'the migrations read no access log',
  },
  {
    who: 'payments',
    action: 's3:GetObject',
    on: (c) => ({ resource: auditObject(c), policy: 'audit-bucket', keys: tls }),
    expect: 'deny',
    why: 'the application writes audit records, it never reads them back',
  },
  {
    who: 'payments',
    action: 's3:DeleteObject',
    on: (c) => ({ resource: auditObject(c), policy: 'audit-bucket', keys: tls }),
    expect: 'deny',
    why: 'nobody in the application deletes an audit record',
  },
  {
    who: 'payments',
    action: 's3:DeleteObjectVersion',
    on: (c) => ({ resource: auditObject(c), policy: 'audit-bucket', keys: tls }),
    expect: 'deny',
    why: 'nor a version of one',
  },
  {
    who: 'payments',
    action: 's3:PutObject',
    on: (c) => ({
      resource: `${c.storage.auditBucketArn}/other/x.json`,
      policy: 'audit-bucket',
      keys: auditPut(c),
    }),
    expect: 'deny',
    why: 'only under the audit/ prefix',
  },
  {
    who: 'payments',
    action: 's3:PutObject',
    on: (c) => ({
      resource: auditObject(c),
      policy: 'audit-bucket',
      keys: { ...tls, 's3:x-amz-server-side-encryption': 'AES256' },
    }),
    expect: 'deny',
    why: 'never with S3-managed keys instead of ours (DESIGN-10)',
  },
  {
    who: 'payments',
    action: 's3:PutObject',
    on: (c) => ({
      resource: auditObject(c),
      policy: 'audit-bucket',
      keys: { ...auditPut(c), 'aws:SecureTransport': 'false' },
    }),
    expect: 'deny',
    why: 'never over plain HTTP (S3.5)',
  },
  {
    who: 'payments',
    action: 's3:PutObject',
    on: () => ({ resource: 'arn:aws:s3:::some-other-bucket/audit/x.json', keys: tls }),
    expect: 'deny',
    why: 'no other bucket',
  },
  {
    who: 'payments',
    action: 's3:PutObject',
    on: (c) => ({ resource: `${c.other.auditBucketArn}/audit/x.json`, keys: auditPut(c, c.other.kmsKeyArn) }),
    expect: 'deny',
    why: "never another environment's audit bucket (DESIGN-1)",
  },
  {
    who: 'payments',
    action: 'secretsmanager:GetSecretValue',
    on: (c) => ({ resource: c.database.masterSecretArn }),
    expect: 'deny',
    why: 'the payments function never reads the master secret (DESIGN-15)',
  },
  {
    who: 'payments',
    action: 'rds-db:connect',
    on: (c) => ({ resource: dbUser(c, 'dbadmin') }),
    expect: 'deny',
    why: 'nor connects as any other database user',
  },
  {
    who: 'payments',
    action: 'kms:Decrypt',
    on: (c) => ({
      resource: c.storage.kmsKeyArn,
      policy: 'storage-key',
      keys: { 'kms:CallerAccount': c.account },
    }),
    expect: 'deny',
    why: 'no direct use of the storage key: only S3 uses it, for the audit bucket',
  },
  {
    who: 'payments',
    action: 'kms:Decrypt',
    on: (c) => ({
      resource: c.database.kmsKeyArn,
      policy: 'database-key',
      keys: { 'kms:ViaService': `secretsmanager.${c.region}.amazonaws.com` },
    }),
    expect: 'deny',
    why: "the payments function cannot decrypt the database's secret even through Secrets Manager",
  },
  {
    who: 'migrations',
    action: 'kms:Decrypt',
    on: (c) => ({ resource: c.database.kmsKeyArn, policy: 'database-key' }),
    expect: 'deny',
    why: 'the migrations use the database key only through Secrets Manager, never directly',
  },
  {
    who: 'migrations',
    action: 's3:PutObject',
    on: (c) => ({ resource: auditObject(c), policy: 'audit-bucket', keys: auditPut(c) }),
    expect: 'deny',
    why: 'the migrations write no audit record',
  },
  {
    who: { service: 'logs.REGION.amazonaws.com' },
    action: 'kms:GenerateDataKey',
    on: (c) => ({
      resource: c.storage.kmsKeyArn,
      policy: 'storage-key',
      keys: {
        'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:${c.region}:${c.account}:log-group:someone-elses-group`,
      },
    }),
    expect: 'deny',
    why: 'CloudWatch Logs uses the storage key for our log groups only',
  },
  {
    who: { service: 'cloudwatch.amazonaws.com' },
    action: 'sns:Publish',
    on: (c) => ({
      resource: c.network.alarmTopicArn,
      policy: 'alarm-topic',
      keys: {
        ...tls,
        'aws:SourceAccount': '999999999999',
        'aws:SourceArn': 'arn:aws:cloudwatch:us-east-1:999999999999:alarm:x',
      },
    }),
    expect: 'deny',
    why: "another account's alarms cannot publish to our topic (confused deputy)",
  },
];

/** Parses a JSON policy document from a synthesized input. */
export function documentFrom(value: unknown): IamPolicyDocument {
  if (typeof value !== 'string') throw new Error(`not a JSON policy document: ${JSON.stringify(value)}`);
  return JSON.parse(value) as IamPolicyDocument;
}
