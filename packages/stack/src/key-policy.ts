// The key policy of every customer managed key, as typed data: the account administers the key through IAM, and
// each use of it is a grant listed as data, limited to the service and, where the service sends one, to the
// encryption context of our own resources. The component serializes it over resolved outputs; tests read it.

/**
 * Key administration for the account, without any cryptographic use (that only goes through a grant below), so
 * no IAM policy can let a principal decrypt with the key directly. PutKeyPolicy keeps the key manageable.
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-administrators
 */
export const KEY_ADMIN_ACTIONS = [
  'kms:CancelKeyDeletion',
  'kms:CreateAlias',
  'kms:DeleteAlias',
  'kms:DescribeKey',
  'kms:DisableKey',
  'kms:DisableKeyRotation',
  'kms:EnableKey',
  'kms:EnableKeyRotation',
  'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:ListGrants',
  'kms:ListKeyPolicies',
  'kms:ListKeyRotations',
  'kms:ListResourceTags',
  'kms:PutKeyPolicy',
  'kms:RevokeGrant',
  'kms:RotateKeyOnDemand',
  'kms:ScheduleKeyDeletion',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:UpdateAlias',
  'kms:UpdateKeyDescription',
] as const;

/**
 * CloudWatch Logs' actions on a key that encrypts log groups, enumerated (AWS documents them as `kms:Encrypt*`,
 * `kms:Decrypt*`, `kms:ReEncrypt*`, `kms:GenerateDataKey*`, `kms:Describe*`; the data key pair actions those
 * wildcards also match are not used by CloudWatch Logs).
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
 */
export const LOGS_ACTIONS = [
  'kms:Encrypt',
  'kms:Decrypt',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:DescribeKey',
] as const;

/** What RDS (storage, Performance Insights) and Secrets Manager (the master secret) do with the key. */
export const SERVICE_USE_ACTIONS = [
  'kms:Decrypt',
  'kms:DescribeKey',
  'kms:Encrypt',
  'kms:GenerateDataKey*',
  'kms:ReEncrypt*',
] as const;

/**
 * Publishing to an encrypted SNS topic: the publisher's data key and its decryption.
 * https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html
 */
export const PUBLISH_ACTIONS = ['kms:Decrypt', 'kms:GenerateDataKey*'] as const;

/** SSE-KMS objects of a bucket with an S3 Bucket Key: the data key for uploads, its decryption for reads. */
export const S3_OBJECT_ACTIONS = ['kms:GenerateDataKey', 'kms:Decrypt'] as const;

/**
 * CloudWatch Logs encrypts these log groups with the key, and no others (`kms:EncryptionContext:aws:logs:arn`).
 * `match: 'pattern'` takes `*` patterns, for groups whose names are only known after the key exists.
 */
export interface LogsGrant {
  service: 'logs';
  logGroups: readonly string[];
  match?: 'exact' | 'pattern';
}

/**
 * CloudWatch alarms publish to an SNS topic encrypted with the key. AWS documents no condition key for this grant
 * (SNS developer guide, "Enable compatibility between event sources from AWS services and encrypted topics"),
 * and conditions such as kms:CallerAccount make the alarms' notifications fail: it is the one unconditioned grant.
 */
export interface AlarmsGrant {
  service: 'cloudwatch';
}

/**
 * The account's principals use the key only through `viaService` (`kms:ViaService`), with the IAM permissions
 * their policies give them. `createGrants`: the service also keeps grants for its AWS resources (RDS for the
 * cluster's storage), only through itself and only for AWS resources.
 */
export interface ViaServiceGrant {
  /** `lambda`: functions' environment variables (CreateFunction/UpdateFunctionConfiguration with kmsKeyArn). */
  viaService: 'rds' | 'secretsmanager' | 'sns' | 'lambda' | 'backup';
  createGrants?: boolean;
}

/**
 * Whoever S3 lets read or write these buckets may use the key for them, and only through S3 for them: any principal
 * of the account (`kms:CallerAccount`), the encryption context the bucket's ARN (with an S3 Bucket Key) or an
 * object's ARN (without).
 */
export interface S3BucketsGrant {
  viaService: 's3';
  buckets: readonly string[];
}

/**
 * Named IAM roles of this account call KMS directly (no service in between, so no `kms:ViaService`): Pulumi's
 * `awskms://` secrets provider encrypts a stack's data key with `Encrypt` when the stack is created and decrypts it
 * with `Decrypt` on every run, with no encryption context (gocloud.dev/secrets/awskms). The principals are the roles
 * themselves, never the account, so no IAM policy can widen who uses the key.
 */
export interface RolesGrant {
  roles: readonly string[];
  /** `decrypt`: read secrets (preview); `encrypt-decrypt`: also write them (deploy). */
  use: 'decrypt' | 'encrypt-decrypt';
}

/**
 * The account's principals may encrypt with the key, with the IAM permissions their policies give them, and never
 * decrypt: what an administrator's `pulumi stack init --secrets-provider awskms://...` needs (it encrypts the stack's
 * new data key with `Encrypt`) and nothing that reveals a secret.
 */
export interface AccountEncryptsGrant {
  accountEncrypts: true;
}

export type KeyGrant =
  LogsGrant | AlarmsGrant | ViaServiceGrant | S3BucketsGrant | RolesGrant | AccountEncryptsGrant;

/** Where the key lives: the values the policy's ARNs, principals and `kms:ViaService` are made of. */
export interface KeyPolicyScope {
  accountId: string;
  region: string;
  partition: string;
  dnsSuffix: string;
}

export type Condition = Record<string, Record<string, string | string[]>>;

export interface KeyPolicyStatement {
  Sid: string;
  Effect: 'Allow';
  Principal: { AWS: string | string[] } | { Service: string };
  Action: readonly string[];
  Resource: '*';
  Condition?: Condition;
}

export interface KeyPolicyDocument {
  Version: '2012-10-17';
  Statement: KeyPolicyStatement[];
}

const SERVICE_SIDS: Record<ViaServiceGrant['viaService'] | S3BucketsGrant['viaService'], string> = {
  rds: 'Rds',
  secretsmanager: 'SecretsManager',
  sns: 'Sns',
  s3: 'S3',
  lambda: 'Lambda',
  backup: 'Backup',
};

/** An Allow statement on the key itself (`Resource: '*'` in a key policy is the key), keys in IAM's usual order. */
function allow(
  Sid: string,
  Principal: KeyPolicyStatement['Principal'],
  Action: readonly string[],
  Condition?: Condition,
): KeyPolicyStatement {
  return { Sid, Effect: 'Allow', Principal, Action, Resource: '*', ...(Condition ? { Condition } : {}) };
}

/** The key policy for `grants`, in their order after the account's administration. */
export function keyPolicy(scope: KeyPolicyScope, grants: readonly KeyGrant[]): KeyPolicyDocument {
  const { accountId, region, partition, dnsSuffix } = scope;
  const account = { AWS: `arn:${partition}:iam::${accountId}:root` };
  const via = (service: string) => `${service}.${region}.${dnsSuffix}`;
  const logGroupArn = (name: string) => `arn:${partition}:logs:${region}:${accountId}:log-group:${name}`;

  const statement = (grant: KeyGrant): KeyPolicyStatement => {
    if ('accountEncrypts' in grant) return allow('AccountEncryptsOnly', account, ['kms:Encrypt']);
    if ('roles' in grant) {
      return grant.use === 'decrypt'
        ? allow('RolesDecrypt', { AWS: [...grant.roles] }, ['kms:Decrypt', 'kms:DescribeKey'])
        : allow('RolesEncryptDecrypt', { AWS: [...grant.roles] }, [
            'kms:Encrypt',
            'kms:Decrypt',
            'kms:DescribeKey',
          ]);
    }
    if ('service' in grant && grant.service === 'logs') {
      const pattern = grant.match === 'pattern';
      return allow(
        pattern ? 'CloudWatchLogsEncryptsLogGroupsByPattern' : 'CloudWatchLogsEncryptsLogGroups',
        { Service: `logs.${region}.${dnsSuffix}` },
        LOGS_ACTIONS,
        {
          [pattern ? 'ArnLike' : 'ArnEquals']: {
            'kms:EncryptionContext:aws:logs:arn': grant.logGroups.map(logGroupArn),
          },
        },
      );
    }
    if ('service' in grant) {
      // A global service principal, as the alarm topic's own policy names it (infra/network AlarmTopic).
      return allow(
        'CloudWatchAlarmsPublishToTopic',
        { Service: 'cloudwatch.amazonaws.com' },
        PUBLISH_ACTIONS,
      );
    }
    if (grant.viaService === 's3') {
      const bucketArns = grant.buckets.map((bucket) => `arn:${partition}:s3:::${bucket}`);
      return allow('S3UsesKey', { AWS: '*' }, S3_OBJECT_ACTIONS, {
        StringEquals: { 'kms:CallerAccount': accountId, 'kms:ViaService': via('s3') },
        ArnLike: { 'kms:EncryptionContext:aws:s3:arn': bucketArns.flatMap((arn) => [arn, `${arn}/*`]) },
      });
    }
    const actions = grant.viaService === 'sns' ? PUBLISH_ACTIONS : SERVICE_USE_ACTIONS;
    return allow(`${SERVICE_SIDS[grant.viaService]}UsesKey`, account, actions, {
      StringEquals: { 'kms:ViaService': via(grant.viaService) },
    });
  };

  const granting = grants.filter(
    (g): g is ViaServiceGrant => 'viaService' in g && 'createGrants' in g && g.createGrants === true,
  );
  // Only for AWS resources, only through the services that keep them.
  const createGrants = allow('ServicesCreateGrantsForTheirResources', account, ['kms:CreateGrant'], {
    StringEquals: { 'kms:ViaService': granting.map((g) => via(g.viaService)) },
    Bool: { 'kms:GrantIsForAWSResource': 'true' },
  });
  const lastGranting = granting.length === 0 ? -1 : grants.lastIndexOf(granting[granting.length - 1]!);

  const statements: KeyPolicyStatement[] = [
    allow('AccountAdministersKey', account, KEY_ADMIN_ACTIONS),
    ...grants.flatMap((grant, i) =>
      i === lastGranting ? [statement(grant), createGrants] : [statement(grant)],
    ),
  ];
  const sids = statements.map((s) => s.Sid);
  const repeated = sids.filter((sid, i) => sids.indexOf(sid) !== i);
  if (repeated.length > 0) {
    throw new Error(
      `Key policy grants repeat ${repeated.join(', ')}: give each kind of grant once, with all its resources.`,
    );
  }
  return { Version: '2012-10-17', Statement: statements };
}

const isAccountRoot = (principal: KeyPolicyStatement['Principal'], accountId: string) =>
  'AWS' in principal &&
  typeof principal.AWS === 'string' &&
  /^arn:[a-z-]+:iam::(\d{12}):root$/.exec(principal.AWS)?.[1] === accountId;

/** Named roles of this account only (not the account, not `*`): the principal itself limits who uses the key. */
const isOwnRoles = (principal: KeyPolicyStatement['Principal'], accountId: string) => {
  if (!('AWS' in principal)) return false;
  const list = typeof principal.AWS === 'string' ? [principal.AWS] : principal.AWS;
  return (
    list.length > 0 &&
    list.every((arn) => /^arn:[a-z-]+:iam::(\d{12}):role\/[\w+=,.@/-]+$/.exec(arn)?.[1] === accountId)
  );
};

/**
 * What a key policy must never do, as one line per breach (none: it is sound): grant `kms:*`; let a principal
 * of any account (`*`) in without `kms:CallerAccount` of this account; give the account's principals a
 * cryptographic use that is not limited to a service; leave a service grant without its condition (except the
 * alarms' grant, for which AWS documents none).
 */
export function keyPolicyProblems(document: KeyPolicyDocument, accountId: string): string[] {
  return document.Statement.flatMap((statement) => {
    const { Sid, Principal, Condition } = statement;
    const problems: string[] = [];
    if (statement.Action.includes('kms:*')) problems.push(`${Sid} grants kms:*`);
    if (
      'AWS' in Principal &&
      Principal.AWS === '*' &&
      Condition?.StringEquals?.['kms:CallerAccount'] !== accountId
    ) {
      problems.push(`${Sid} lets any account in: Principal * without kms:CallerAccount ${accountId}`);
    }
    const administration = statement.Action.every((a) =>
      (KEY_ADMIN_ACTIONS as readonly string[]).includes(a),
    );
    const alarms =
      'Service' in Principal &&
      Principal.Service === 'cloudwatch.amazonaws.com' &&
      JSON.stringify(statement.Action) === JSON.stringify(PUBLISH_ACTIONS);
    const ownRoles = isOwnRoles(Principal, accountId) && !administration;
    // Encrypting reveals nothing: the account may do it through IAM (AccountEncryptsGrant).
    const encryptOnly =
      isAccountRoot(Principal, accountId) &&
      statement.Action.length === 1 &&
      statement.Action[0] === 'kms:Encrypt';
    if (
      Condition === undefined &&
      !(isAccountRoot(Principal, accountId) && administration) &&
      !alarms &&
      !ownRoles &&
      !encryptOnly
    ) {
      problems.push(`${Sid} is not limited by a condition (a service path or an encryption context)`);
    }
    return problems;
  });
}
