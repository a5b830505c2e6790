import { decide } from '@payments/mocks';
import { functionPolicy, rdsDbUserArn, type FunctionPolicyValues } from './policies';

const values: FunctionPolicyValues = {
  partition: 'aws',
  dnsSuffix: 'amazonaws.com',
  region: 'eu-west-1',
  logGroupArn: 'arn:aws:logs:eu-west-1:123456789012:log-group:payments-dev-migrations',
  database: {
    kind: 'master-secret',
    secretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db',
    kmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/db',
  },
  tracing: true,
};

const sids = (v: FunctionPolicyValues) => functionPolicy(v).Statement.map((s) => s.Sid);

describe('functionPolicy', () => {
  it('grants S3 and the audit key only to a function with audit access', () => {
    expect(sids(values)).not.toContain('WriteAuditRecords');
    const audit = {
      bucketArn: 'arn:aws:s3:::payments-dev-audit',
      kmsKeyArn: 'arn:aws:kms:eu-west-1:1:key/s',
    };
    expect(sids({ ...values, audit })).toEqual(
      expect.arrayContaining(['WriteAuditRecords', 'EncryptAuditRecords']),
    );
  });

  it('grants X-Ray writes only when tracing is on', () => {
    expect(sids(values)).toContain('WriteTraces');
    expect(sids({ ...values, tracing: false })).not.toContain('WriteTraces');
  });

  it("scopes KMS to the region's service endpoint in its partition", () => {
    const doc = functionPolicy({ ...values, partition: 'aws-cn', dnsSuffix: 'amazonaws.com.cn' });
    const bySid = new Map(doc.Statement.map((s) => [s.Sid, s]));
    expect(bySid.get('DecryptDatabaseSecret')?.Condition).toEqual({
      StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com.cn' },
    });
  });

  it('gives a function with IAM database access rds-db:connect as its user and nothing of the master secret', () => {
    const dbUserArn = rdsDbUserArn({
      partition: 'aws',
      region: 'eu-west-1',
      accountId: '123456789012',
      clusterResourceId: 'cluster-ABCDEFGHIJKL',
      user: 'payments_app',
    });
    expect(dbUserArn).toBe('arn:aws:rds-db:eu-west-1:123456789012:dbuser:cluster-ABCDEFGHIJKL/payments_app');
    const policy = functionPolicy({ ...values, database: { kind: 'iam-user', dbUserArn } });
    expect(sids({ ...values, database: { kind: 'iam-user', dbUserArn } })).not.toEqual(
      expect.arrayContaining(['ReadDatabaseSecret']),
    );
    expect(decide(policy, { action: 'rds-db:connect', resource: dbUserArn })).toBe('allow');
    expect(
      decide(policy, { action: 'rds-db:connect', resource: dbUserArn.replace('payments_app', 'dbadmin') }),
    ).toBe('implicit-deny');
    const secretArn = values.database.kind === 'master-secret' ? values.database.secretArn : '';
    expect(decide(policy, { action: 'secretsmanager:GetSecretValue', resource: secretArn })).toBe(
      'implicit-deny',
    );
  });

  it('grants the network interface actions in the form AWS documents, which Lambda checks at create time', () => {
    // AWSLambdaVPCAccessExecutionRole v3: these actions on "*", no condition. A condition AWS does not document
    // (e.g. ec2:Vpc) risks Lambda refusing to create the function.
    const statement = functionPolicy(values).Statement.find((s) => s.Sid === 'ManageVpcNetworkInterfaces');
    expect(statement).toEqual({
      Sid: 'ManageVpcNetworkInterfaces',
      Effect: 'Allow',
      Action: [
        'ec2:CreateNetworkInterface',
        'ec2:DeleteNetworkInterface',
        'ec2:AssignPrivateIpAddresses',
        'ec2:UnassignPrivateIpAddresses',
      ],
      Resource: '*',
    });
  });
});
