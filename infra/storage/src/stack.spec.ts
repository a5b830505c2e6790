import { ENVIRONMENTS, loadSettings, type Environment } from '@payments/config';
import { AWS } from '@payments/aws-types';
import { contractViolations, upstreamFixtures } from '@payments/contracts';
import { createStackContext, keyPolicyProblems, type KeyPolicyDocument } from '@payments/stack';
import { environmentTokens } from '@payments/naming';
import {
  MOCK_ACCOUNTS,
  MOCK_REGION,
  denyingStatements,
  runStack,
  stringsIn,
  type StackRun,
} from '@payments/mocks';
import { auditBucketPolicy } from './bucket-policy';
import { createStorageStack } from './stack';

/** One program run under mocks exceeds Jest's 5 s on a loaded 2-core machine. */
const STACK_RUN_TIMEOUT_MS = 60_000;

// What docs/design.md ("Environments", DESIGN-9) and packages/config's defaults promise per environment, written out
// rather than read from settings, so a changed default fails here.
const EXPECTED: Record<
  Environment,
  {
    logRetentionDays: number;
    glacierDays: number;
    expirationDays: number;
    objectLock: { mode: string; days: number } | undefined;
    forceDestroy: boolean;
    protect: boolean;
    deletionWindowInDays: number;
  }
> = {
  dev: {
    logRetentionDays: 7,
    glacierDays: 30,
    expirationDays: 90,
    objectLock: undefined,
    forceDestroy: true,
    protect: false,
    deletionWindowInDays: 7,
  },
  staging: {
    logRetentionDays: 30,
    glacierDays: 30,
    expirationDays: 365,
    objectLock: undefined,
    forceDestroy: false,
    protect: false,
    deletionWindowInDays: 7,
  },
  prod: {
    logRetentionDays: 365,
    glacierDays: 90,
    expirationDays: 2555,
    objectLock: { mode: 'COMPLIANCE', days: 365 },
    forceDestroy: false,
    protect: true,
    deletionWindowInDays: 30,
  },
};

const T = {
  key: AWS.kmsKey,
  alias: AWS.kmsAlias,
  bucket: AWS.s3Bucket,
  versioning: AWS.s3BucketVersioning,
  encryption: AWS.s3BucketServerSideEncryptionConfiguration,
  publicAccessBlock: AWS.s3BucketPublicAccessBlock,
  ownership: AWS.s3BucketOwnershipControls,
  policy: AWS.s3BucketPolicy,
  lifecycle: AWS.s3BucketLifecycleConfiguration,
  objectLock: AWS.s3BucketObjectLockConfiguration,
  logging: AWS.s3BucketLogging,
  logGroup: AWS.cloudwatchLogGroup,
} as const;

const PROVIDER_TYPE = 'pulumi:providers:aws';

/** Every resource registered with the `protect` option, as `type::name`. */
const protectedNames = (run: StackRun) =>
  run.resources.filter((r) => r.protect).map((r) => `${r.type}::${r.name}`);

function run(env: Environment, overrides?: unknown): Promise<StackRun> {
  return runStack({
    project: 'payments-storage',
    stack: env,
    program: () => createStorageStack(createStackContext('storage', loadSettings(env, overrides))),
    stackOutputs: upstreamFixtures('storage', env, 'organization'),
  });
}

describe.each(ENVIRONMENTS)('the %s storage stack', (env) => {
  const expected = EXPECTED[env];
  const account = MOCK_ACCOUNTS[env];
  const name = (component: string) => `payments-${env}-${component}`;
  // DESIGN-11: bucket names are global, so the bucket's carries the account and the region.
  const bucketName = `payments-${env}-audit-${account}-${MOCK_REGION}`;
  const bucketArn = `arn:aws:s3:::${bucketName}`;
  const logBucketName = `payments-${env}-access-logs-${account}-${MOCK_REGION}`;
  const logGroupArn = (logGroup: string) => `arn:aws:logs:${MOCK_REGION}:${account}:log-group:${logGroup}`;
  const logGroupNames = [
    name('payments-lambda'),
    name('migrations-lambda'),
    name('audit-relay-lambda'),
    name('api-access'),
  ];
  let stack: StackRun;
  let keyArn: string;

  beforeAll(async () => {
    stack = await run(env);
    keyArn = String(stack.outputs.kmsKeyArn);
  }, STACK_RUN_TIMEOUT_MS);

  it('deploys a key and alias, the audit bucket and its access-log bucket with their companion resources, and four log groups', () => {
    const counts: Record<string, number> = {};
    for (const r of stack.awsResources()) counts[r.type] = (counts[r.type] ?? 0) + 1;
    expect(counts).toEqual({
      [T.key]: 1,
      [T.alias]: 1,
      // The audit bucket and its access-log bucket (S3.9), each with its companion resources.
      [T.bucket]: 2,
      [T.versioning]: 2,
      [T.encryption]: 2,
      [T.publicAccessBlock]: 2,
      [T.ownership]: 2,
      [T.policy]: 2,
      [T.lifecycle]: 2,
      [T.logging]: 1,
      ...(expected.objectLock ? { [T.objectLock]: 1 } : {}),
      [T.logGroup]: 4,
    });
  });

  it('creates every AWS resource through the stack provider, inside a storage component or its key', () => {
    const provider = stack.only(PROVIDER_TYPE);
    const components = new Map(
      stack.resources.filter((r) => r.type.startsWith('payments:storage:')).map((r) => [r.urn, r]),
    );
    const key = stack.named('payments:kms:CustomerManagedKey', 'storage');
    components.set(key.urn, key);
    expect([...components.values()].map((c) => c.type).sort()).toEqual([
      'payments:kms:CustomerManagedKey',
      'payments:storage:AccessLogBucket',
      'payments:storage:AuditBucket',
      'payments:storage:LogGroups',
    ]);
    // The shared key component keeps the key's place from its former EncryptionKey component.
    expect(key.aliases).toEqual([{ type: 'payments:storage:EncryptionKey' }]);
    for (const resource of stack.awsResources()) {
      expect(resource.provider).toBe(`${provider.urn}::${provider.id}`);
      const parent = components.get(resource.parent ?? '');
      expect(parent).toBeDefined();
      expect(resource.name.startsWith(`${parent?.name}-`)).toBe(true);
    }
  });

  it('uses no deprecated *V2 resource', () => {
    expect(stack.resources.filter((r) => /V2$/.test(r.type))).toEqual([]);
  });

  it('pins the provider to the region and tags everything with this environment', () => {
    const provider = stack.only(PROVIDER_TYPE);
    expect(provider.inputs.region).toBe(MOCK_REGION);
    expect(JSON.parse(String(provider.inputs.defaultTags))).toEqual({
      tags: expect.objectContaining({ Environment: env, Domain: 'storage' }),
    });
  });

  it('names every physical resource for this environment, exactly once', () => {
    const physical = [
      ...stack.ofType(T.bucket).map((b) => b.inputs.bucket),
      stack.only(T.alias).inputs.name,
      (stack.only(T.key).inputs.tags as Record<string, string>).Name,
      ...stack.ofType(T.logGroup).map((g) => g.inputs.name),
    ].map(String);
    expect(physical.sort()).toEqual(
      [bucketName, logBucketName, `alias/${name('storage')}`, name('storage'), ...logGroupNames].sort(),
    );
    for (const value of physical) expect(environmentTokens(value)).toEqual([env]);
  });

  it('mentions no other environment in any input', () => {
    for (const resource of stack.resources) {
      for (const value of stringsIn(resource.inputs)) {
        expect(environmentTokens(value).filter((token) => token !== env)).toEqual([]);
      }
    }
  });

  it(`rotates the key yearly and gives it a ${expected.deletionWindowInDays}-day deletion window`, () => {
    const key = stack.only(T.key);
    expect(key.inputs).toMatchObject({
      enableKeyRotation: true,
      rotationPeriodInDays: 365,
      deletionWindowInDays: expected.deletionWindowInDays,
    });
    expect(stack.only(T.alias).inputs.targetKeyId).toBe(keyArn.split('/').pop());
  });

  it('lets CloudWatch Logs use the key for these log groups and the api execution and WAF logs, S3 for the audit bucket, Lambda for function environments', () => {
    const policy = stack.json<KeyPolicyDocument>(stack.only(T.key));
    expect(keyPolicyProblems(policy, account)).toEqual([]);
    const condition = (sid: string) => policy.Statement.find((s) => s.Sid === sid)?.Condition;
    expect(policy.Statement.map((s) => s.Sid)).toEqual([
      'AccountAdministersKey',
      'CloudWatchLogsEncryptsLogGroups',
      'CloudWatchLogsEncryptsLogGroupsByPattern',
      'S3UsesKey',
      'LambdaUsesKey',
      'ServicesCreateGrantsForTheirResources',
    ]);
    expect(condition('CloudWatchLogsEncryptsLogGroups')).toEqual({
      ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': logGroupNames.map(logGroupArn) },
    });
    // The api stack's execution log groups, whose names carry a REST API ID not known yet.
    expect(condition('CloudWatchLogsEncryptsLogGroupsByPattern')).toEqual({
      ArnLike: {
        'kms:EncryptionContext:aws:logs:arn': [
          logGroupArn('API-Gateway-Execution-Logs_*'),
          logGroupArn('aws-waf-logs-*'),
        ],
      },
    });
    // The functions' environment variables (CKV_AWS_173): only through Lambda, grants only for its functions.
    expect(condition('LambdaUsesKey')).toEqual({
      StringEquals: { 'kms:ViaService': `lambda.${MOCK_REGION}.amazonaws.com` },
    });
    expect(condition('ServicesCreateGrantsForTheirResources')).toEqual({
      StringEquals: { 'kms:ViaService': [`lambda.${MOCK_REGION}.amazonaws.com`] },
      Bool: { 'kms:GrantIsForAWSResource': 'true' },
    });
    expect(condition('S3UsesKey')).toEqual({
      StringEquals: { 'kms:CallerAccount': account, 'kms:ViaService': `s3.${MOCK_REGION}.amazonaws.com` },
      ArnLike: { 'kms:EncryptionContext:aws:s3:arn': [bucketArn, `${bucketArn}/*`] },
    });
  });

  it(`creates the audit bucket ${expected.forceDestroy ? 'with' : 'without'} forceDestroy`, () => {
    expect(stack.named(T.bucket, 'audit-bucket').inputs).toMatchObject({
      bucket: bucketName,
      forceDestroy: expected.forceDestroy,
      objectLockEnabled: expected.objectLock !== undefined,
    });
  });

  it('versions the bucket and encrypts it by default with our key and an S3 Bucket Key', () => {
    expect(stack.named(T.versioning, 'audit-versioning').inputs).toMatchObject({
      bucket: bucketName,
      versioningConfiguration: { status: 'Enabled' },
    });
    expect(stack.named(T.encryption, 'audit-encryption').inputs).toEqual({
      bucket: bucketName,
      rules: [
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: keyArn },
          bucketKeyEnabled: true,
        },
      ],
    });
  });

  it('blocks all public access and disables ACLs', () => {
    expect(stack.named(T.publicAccessBlock, 'audit-public-access-block').inputs).toEqual({
      bucket: bucketName,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    expect(stack.named(T.ownership, 'audit-ownership').inputs).toEqual({
      bucket: bucketName,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });
  });

  it('denies requests without TLS and uploads asking for another encryption, once public access is blocked', () => {
    const policy = stack.named(T.policy, 'audit-policy');
    expect(policy.dependsOn).toContain(stack.named(T.publicAccessBlock, 'audit-public-access-block').urn);
    const document = JSON.parse(String(policy.inputs.policy));
    expect(document).toEqual(auditBucketPolicy({ bucketArn, kmsKeyArn: keyArn }));
    // What it does with the real ARNs (bucket-policy.spec.ts covers every case).
    const put = (keys: Record<string, string>) => ({
      action: 's3:PutObject',
      resource: `${bucketArn}/audit/x.json`,
      keys: { 'aws:SecureTransport': 'true', ...keys },
    });
    const sse = 's3:x-amz-server-side-encryption';
    expect(denyingStatements(document, put({ [sse]: 'aws:kms', [`${sse}-aws-kms-key-id`]: keyArn }))).toEqual(
      [],
    );
    expect(denyingStatements(document, put({}))).toEqual([]);
    expect(denyingStatements(document, put({ [sse]: 'AES256' }))).toEqual(['DenyEncryptionOtherThanSseKms']);
  });

  it(`moves audit objects to Glacier after ${expected.glacierDays} days and expires them after ${expected.expirationDays}`, () => {
    const lifecycle = stack.named(T.lifecycle, 'audit-lifecycle');
    expect(lifecycle.dependsOn).toContain(stack.named(T.versioning, 'audit-versioning').urn);
    expect(lifecycle.inputs.rules).toEqual([
      {
        id: 'archive-then-expire',
        status: 'Enabled',
        filter: {},
        transitions: [{ days: expected.glacierDays, storageClass: 'GLACIER' }],
        expiration: { days: expected.expirationDays },
        noncurrentVersionTransitions: [{ noncurrentDays: expected.glacierDays, storageClass: 'GLACIER' }],
        noncurrentVersionExpiration: { noncurrentDays: expected.expirationDays },
        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
      },
    ]);
  });

  if (expected.objectLock) {
    const { mode, days } = expected.objectLock;
    it(`locks audit objects in ${mode} mode for ${days} days`, () => {
      const lock = stack.named(T.objectLock, 'audit-object-lock');
      expect(lock.dependsOn).toContain(stack.named(T.versioning, 'audit-versioning').urn);
      expect(lock.inputs).toEqual({
        bucket: bucketName,
        objectLockEnabled: 'Enabled',
        rule: { defaultRetention: { mode, days } },
      });
    });
  } else {
    it('does not lock audit objects', () => {
      expect(stack.ofType(T.objectLock)).toEqual([]);
    });
  }

  it(`encrypts the log groups with our key and keeps events ${expected.logRetentionDays} days`, () => {
    const groups = stack.ofType(T.logGroup);
    expect(groups.map((g) => g.inputs)).toEqual(
      logGroupNames.map((logGroup) => ({
        name: logGroup,
        kmsKeyId: keyArn,
        retentionInDays: expected.logRetentionDays,
      })),
    );
  });

  it('logs every request to the audit bucket to a separate bucket that only S3 log delivery for it may write (S3.9)', () => {
    const logBucket = stack.named(T.bucket, 'access-logs-bucket');
    expect(logBucket.inputs).toMatchObject({ bucket: logBucketName, forceDestroy: expected.forceDestroy });
    // AWS: no object lock default retention on a log target.
    expect(logBucket.inputs.objectLockEnabled).toBeUndefined();
    expect(stack.named(T.logging, 'access-logs-source-logging').inputs).toEqual({
      bucket: bucketName,
      targetBucket: logBucketName,
      targetPrefix: 'audit/',
    });
    // AWS: SSE-S3 only on a server access log target.
    expect(stack.named(T.encryption, 'access-logs-encryption').inputs).toEqual({
      bucket: logBucketName,
      rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
    });
    expect(stack.named(T.publicAccessBlock, 'access-logs-public-access-block').inputs).toMatchObject({
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    expect(stack.named(T.ownership, 'access-logs-ownership').inputs.rule).toEqual({
      objectOwnership: 'BucketOwnerEnforced',
    });
    expect(stack.named(T.versioning, 'access-logs-versioning').inputs.versioningConfiguration).toEqual({
      status: 'Enabled',
    });
    const policyResource = stack.named(T.policy, 'access-logs-policy');
    expect(policyResource.dependsOn).toContain(
      stack.named(T.publicAccessBlock, 'access-logs-public-access-block').urn,
    );
    expect(stack.json(policyResource, 'policy')).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'DenyInsecureTransport',
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: [`arn:aws:s3:::${logBucketName}`, `arn:aws:s3:::${logBucketName}/*`],
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
        {
          Sid: 'S3ServerAccessLogsPolicy',
          Effect: 'Allow',
          Principal: { Service: 'logging.s3.amazonaws.com' },
          Action: 's3:PutObject',
          Resource: `arn:aws:s3:::${logBucketName}/audit/*`,
          Condition: {
            ArnLike: { 'aws:SourceArn': bucketArn },
            StringEquals: { 'aws:SourceAccount': account },
          },
        },
      ],
    });
    // PCI DSS 10.7: a year of access history, with no storage-class transition (log objects are small).
    expect(stack.named(T.lifecycle, 'access-logs-lifecycle').inputs.rules).toEqual([
      expect.objectContaining({
        status: 'Enabled',
        expiration: { days: 365 },
        noncurrentVersionExpiration: { noncurrentDays: 365 },
        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
      }),
    ]);
  });

  it(expected.protect ? 'protects the key, the bucket and the log groups' : 'protects nothing', () => {
    const stateful = [
      `${T.key}::storage-key`,
      `${T.bucket}::audit-bucket`,
      `${T.bucket}::access-logs-bucket`,
      `${T.logGroup}::logs-payments`,
      `${T.logGroup}::logs-migrations`,
      `${T.logGroup}::logs-api-access`,
      `${T.logGroup}::logs-relay`,
    ];
    expect(protectedNames(stack).sort()).toEqual(expected.protect ? stateful.sort() : []);
  });

  it('exports exactly its contract, nothing secret, reading no other stack', () => {
    expect(contractViolations('storage', stack.outputs)).toEqual([]);
    expect(stack.secretOutputs).toEqual([]);
    expect(stack.outputs).toEqual({
      kmsKeyArn: expect.stringMatching(new RegExp(`^arn:aws:kms:${MOCK_REGION}:${account}:key/`)),
      auditBucketName: bucketName,
      auditBucketArn: bucketArn,
      paymentsLogGroupName: logGroupNames[0],
      paymentsLogGroupArn: logGroupArn(logGroupNames[0]!),
      migrationsLogGroupName: logGroupNames[1],
      migrationsLogGroupArn: logGroupArn(logGroupNames[1]!),
      relayLogGroupName: logGroupNames[2],
      relayLogGroupArn: logGroupArn(logGroupNames[2]!),
      apiAccessLogGroupName: logGroupNames[3],
      apiAccessLogGroupArn: logGroupArn(logGroupNames[3]!),
    });
    expect(stack.mocks.stackReads).toEqual([]);
    expect(stack.mocks.calls.map((c) => c.token).sort()).toEqual([
      'aws:index/getCallerIdentity:getCallerIdentity',
      'aws:index/getPartition:getPartition',
    ]);
  });
});

describe('storage overrides', () => {
  it('locks objects, changes retention and protects staging when its overrides say so', async () => {
    const stack = await run('staging', {
      storage: {
        logRetentionDays: 90,
        auditExpirationDays: 400,
        objectLock: { enabled: true, mode: 'GOVERNANCE', retentionDays: 60 },
      },
      protect: true,
    });
    expect(stack.named(T.bucket, 'audit-bucket').inputs.objectLockEnabled).toBe(true);
    expect(stack.named(T.objectLock, 'audit-object-lock').inputs.rule).toEqual({
      defaultRetention: { mode: 'GOVERNANCE', days: 60 },
    });
    expect(stack.ofType(T.logGroup).map((g) => g.inputs.retentionInDays)).toEqual([90, 90, 90, 90]);
    expect(stack.only(T.key).inputs.deletionWindowInDays).toBe(30);
    expect(protectedNames(stack)).toContain(`${T.bucket}::audit-bucket`);
  });
});
