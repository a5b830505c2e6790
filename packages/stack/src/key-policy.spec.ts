import {
  KEY_ADMIN_ACTIONS,
  LOGS_ACTIONS,
  keyPolicy,
  keyPolicyProblems,
  type KeyGrant,
  type KeyPolicyDocument,
  type KeyPolicyScope,
  type KeyPolicyStatement,
} from './key-policy';

const SCOPE: KeyPolicyScope = {
  accountId: '111122223333',
  region: 'us-east-1',
  partition: 'aws',
  dnsSuffix: 'amazonaws.com',
};
const ROOT = 'arn:aws:iam::111122223333:root';

/** One grant of every kind, as the stacks use them. */
const EVERY_GRANT: KeyGrant[] = [
  { service: 'logs', logGroups: ['payments-dev-vpc-flow-logs'] },
  { service: 'logs', logGroups: ['API-Gateway-Execution-Logs_*'], match: 'pattern' },
  { service: 'cloudwatch' },
  { viaService: 'sns' },
  { viaService: 'rds', createGrants: true },
  { viaService: 'secretsmanager', createGrants: true },
  { viaService: 's3', buckets: ['payments-dev-audit-111122223333-us-east-1'] },
];

const actions = (s: KeyPolicyStatement) => [...s.Action];
const bySid = (statements: KeyPolicyStatement[], sid: string) => {
  const found = statements.find((s) => s.Sid === sid);
  if (!found) throw new Error(`no statement ${sid}`);
  return found;
};

describe('keyPolicy', () => {
  const { Statement: statements } = keyPolicy(SCOPE, EVERY_GRANT);

  it('lets the account administer the key through IAM, without any cryptographic use', () => {
    const [admin, ...grants] = statements;
    expect(admin).toEqual({
      Sid: 'AccountAdministersKey',
      Effect: 'Allow',
      Principal: { AWS: ROOT },
      Action: KEY_ADMIN_ACTIONS,
      Resource: '*',
    });
    for (const action of KEY_ADMIN_ACTIONS) {
      expect(action).not.toMatch(/\*|Decrypt|Encrypt|GenerateDataKey|CreateGrant|Sign|Verify|Mac/);
    }
    expect(KEY_ADMIN_ACTIONS).toEqual(
      expect.arrayContaining(['kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion']),
    );
    // Every other statement the account's principals get is limited to a service.
    for (const grant of grants.filter((s) => JSON.stringify(s.Principal) === JSON.stringify({ AWS: ROOT }))) {
      expect(grant.Condition?.StringEquals?.['kms:ViaService']).toBeDefined();
    }
  });

  it('grants kms:* to nobody, and no action wildcard to a principal of any account', () => {
    for (const statement of statements) {
      expect({ sid: statement.Sid, all: actions(statement).includes('kms:*') }).toEqual({
        sid: statement.Sid,
        all: false,
      });
    }
    for (const open of statements.filter((s) => JSON.stringify(s.Principal) === '{"AWS":"*"}')) {
      expect(actions(open).filter((a) => a.includes('*'))).toEqual([]);
    }
  });

  it('gives every Principal * a kms:CallerAccount condition of this account', () => {
    const open = statements.filter((s) => JSON.stringify(s.Principal) === '{"AWS":"*"}');
    expect(open.map((s) => s.Sid)).toEqual(['S3UsesKey']);
    for (const statement of open) {
      expect(statement.Condition?.StringEquals?.['kms:CallerAccount']).toBe(SCOPE.accountId);
    }
  });

  it('limits each grant by its condition: the service path or the encryption context of our resources', () => {
    const unconditioned = statements.slice(1).filter((s) => s.Condition === undefined);
    // The alarms' grant is the one AWS documents no condition for (see AlarmsGrant).
    expect(unconditioned.map((s) => s.Sid)).toEqual(['CloudWatchAlarmsPublishToTopic']);
    expect(bySid(statements, 'CloudWatchAlarmsPublishToTopic')).toMatchObject({
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
    });
  });

  it('lets CloudWatch Logs use the key for the named log groups, or those matching a pattern, only', () => {
    expect(bySid(statements, 'CloudWatchLogsEncryptsLogGroups')).toEqual({
      Sid: 'CloudWatchLogsEncryptsLogGroups',
      Effect: 'Allow',
      Principal: { Service: 'logs.us-east-1.amazonaws.com' },
      Action: LOGS_ACTIONS,
      Resource: '*',
      Condition: {
        ArnEquals: {
          'kms:EncryptionContext:aws:logs:arn': [
            'arn:aws:logs:us-east-1:111122223333:log-group:payments-dev-vpc-flow-logs',
          ],
        },
      },
    });
    expect(bySid(statements, 'CloudWatchLogsEncryptsLogGroupsByPattern').Condition).toEqual({
      ArnLike: {
        'kms:EncryptionContext:aws:logs:arn': [
          'arn:aws:logs:us-east-1:111122223333:log-group:API-Gateway-Execution-Logs_*',
        ],
      },
    });
  });

  it('lets S3 use the key for the bucket and its objects only', () => {
    expect(bySid(statements, 'S3UsesKey').Condition).toEqual({
      StringEquals: { 'kms:CallerAccount': '111122223333', 'kms:ViaService': 's3.us-east-1.amazonaws.com' },
      ArnLike: {
        'kms:EncryptionContext:aws:s3:arn': [
          'arn:aws:s3:::payments-dev-audit-111122223333-us-east-1',
          'arn:aws:s3:::payments-dev-audit-111122223333-us-east-1/*',
        ],
      },
    });
  });

  it('lets only the granting services create grants, for AWS resources, right after the last of them', () => {
    const sids = statements.map((s) => s.Sid);
    expect(sids.indexOf('ServicesCreateGrantsForTheirResources')).toBe(
      sids.indexOf('SecretsManagerUsesKey') + 1,
    );
    expect(bySid(statements, 'ServicesCreateGrantsForTheirResources')).toMatchObject({
      Principal: { AWS: ROOT },
      Action: ['kms:CreateGrant'],
      Condition: {
        StringEquals: {
          'kms:ViaService': ['rds.us-east-1.amazonaws.com', 'secretsmanager.us-east-1.amazonaws.com'],
        },
        Bool: { 'kms:GrantIsForAWSResource': 'true' },
      },
    });
    const withoutGrants = keyPolicy(SCOPE, [{ viaService: 'sns' }]).Statement.map((s) => s.Sid);
    expect(withoutGrants).toEqual(['AccountAdministersKey', 'SnsUsesKey']);
  });

  it("builds principals, ARNs and service paths from the stack's partition and DNS suffix", () => {
    const china = keyPolicy(
      { accountId: '111122223333', region: 'cn-north-1', partition: 'aws-cn', dnsSuffix: 'amazonaws.com.cn' },
      [{ service: 'logs', logGroups: ['g'] }, { viaService: 'rds' }],
    ).Statement;
    expect(JSON.stringify(china)).not.toMatch(/arn:aws:|\.amazonaws\.com"/);
    expect(bySid(china, 'CloudWatchLogsEncryptsLogGroups').Principal).toEqual({
      Service: 'logs.cn-north-1.amazonaws.com.cn',
    });
    expect(bySid(china, 'RdsUsesKey').Condition).toEqual({
      StringEquals: { 'kms:ViaService': 'rds.cn-north-1.amazonaws.com.cn' },
    });
  });

  it('refuses a kind of grant given twice: its resources belong in one grant', () => {
    expect(() =>
      keyPolicy(SCOPE, [
        { service: 'logs', logGroups: ['a'] },
        { service: 'logs', logGroups: ['b'] },
      ]),
    ).toThrow('Key policy grants repeat CloudWatchLogsEncryptsLogGroups');
  });
});

describe('keyPolicyProblems', () => {
  const sound = keyPolicy(SCOPE, EVERY_GRANT);
  const withStatement = (statement: KeyPolicyStatement): KeyPolicyDocument => ({
    ...sound,
    Statement: [...sound.Statement, statement],
  });
  const open = { Sid: 'Open', Effect: 'Allow', Resource: '*' } as const;

  it('finds nothing wrong in the policy of every kind of grant', () => {
    expect(keyPolicyProblems(sound, SCOPE.accountId)).toEqual([]);
  });

  it('names a statement that grants kms:*, even to the account', () => {
    expect(
      keyPolicyProblems(
        withStatement({ ...open, Principal: { AWS: ROOT }, Action: ['kms:*'] }),
        SCOPE.accountId,
      ),
    ).toEqual([
      'Open grants kms:*',
      'Open is not limited by a condition (a service path or an encryption context)',
    ]);
  });

  it('names a Principal * without kms:CallerAccount of this account', () => {
    const anyAccount = withStatement({
      ...open,
      Principal: { AWS: '*' },
      Action: ['kms:Decrypt'],
      Condition: {
        StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com', 'kms:CallerAccount': '999988887777' },
      },
    });
    expect(keyPolicyProblems(anyAccount, SCOPE.accountId)).toEqual([
      'Open lets any account in: Principal * without kms:CallerAccount 111122223333',
    ]);
  });

  it('names cryptographic use by the account, or a service grant, without a condition', () => {
    const direct = withStatement({ ...open, Principal: { AWS: ROOT }, Action: ['kms:Decrypt'] });
    const service = withStatement({
      ...open,
      Principal: { Service: 'logs.us-east-1.amazonaws.com' },
      Action: ['kms:Encrypt'],
    });
    for (const document of [direct, service]) {
      expect(keyPolicyProblems(document, SCOPE.accountId)).toEqual([
        'Open is not limited by a condition (a service path or an encryption context)',
      ]);
    }
  });
});

describe('a grant to named roles (a Pulumi awskms:// secrets key)', () => {
  const deploy = 'arn:aws:iam::111122223333:role/payments-dev-deploy';
  const preview = 'arn:aws:iam::111122223333:role/payments-dev-preview';
  const document = keyPolicy(SCOPE, [
    { roles: [deploy], use: 'encrypt-decrypt' },
    { roles: [preview], use: 'decrypt' },
  ]);

  it('names the roles themselves as principals: Encrypt and Decrypt for the deployer, Decrypt for the previewer', () => {
    expect(document.Statement.slice(1)).toEqual([
      {
        Sid: 'RolesEncryptDecrypt',
        Effect: 'Allow',
        Principal: { AWS: [deploy] },
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:DescribeKey'],
        Resource: '*',
      },
      {
        Sid: 'RolesDecrypt',
        Effect: 'Allow',
        Principal: { AWS: [preview] },
        Action: ['kms:Decrypt', 'kms:DescribeKey'],
        Resource: '*',
      },
    ]);
    expect(keyPolicyProblems(document, SCOPE.accountId)).toEqual([]);
  });

  it('lets the account encrypt through IAM, and names an account grant that also decrypts', () => {
    const encrypts = keyPolicy(SCOPE, [{ accountEncrypts: true }]);
    expect(encrypts.Statement[1]).toEqual({
      Sid: 'AccountEncryptsOnly',
      Effect: 'Allow',
      Principal: { AWS: ROOT },
      Action: ['kms:Encrypt'],
      Resource: '*',
    });
    expect(keyPolicyProblems(encrypts, SCOPE.accountId)).toEqual([]);
    const decrypts = {
      ...encrypts,
      Statement: [{ ...encrypts.Statement[1]!, Action: ['kms:Encrypt', 'kms:Decrypt'] }],
    };
    expect(keyPolicyProblems(decrypts, SCOPE.accountId)).toEqual([
      'AccountEncryptsOnly is not limited by a condition (a service path or an encryption context)',
    ]);
  });

  it("still names a role of another account, or the account's root, without a condition", () => {
    const foreign = keyPolicy(SCOPE, [
      { roles: ['arn:aws:iam::999988887777:role/payments-dev-deploy'], use: 'decrypt' },
    ]);
    expect(keyPolicyProblems(foreign, SCOPE.accountId)).toEqual([
      'RolesDecrypt is not limited by a condition (a service path or an encryption context)',
    ]);
    const root = keyPolicy(SCOPE, [{ roles: [ROOT], use: 'decrypt' }]);
    expect(keyPolicyProblems(root, SCOPE.accountId)).toEqual([
      'RolesDecrypt is not limited by a condition (a service path or an encryption context)',
    ]);
  });
});
