import { HANDLER_AWS_ACTIONS } from '@payments/payments-handler';
import { functionPolicy, type FunctionPolicyValues } from './policies';

// What the Lambda runtime itself needs in a VPC with tracing: not calls the handler code makes.
const RUNTIME_ACTIONS = new Set([
  'logs:CreateLogStream',
  'logs:PutLogEvents',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeSubnets',
  'ec2:CreateNetworkInterface',
  'ec2:DeleteNetworkInterface',
  'ec2:AssignPrivateIpAddresses',
  'ec2:UnassignPrivateIpAddresses',
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
]);

const base: Omit<FunctionPolicyValues, 'database'> = {
  partition: 'aws',
  dnsSuffix: 'amazonaws.com',
  region: 'us-east-1',
  logGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:payments-dev-payments-lambda',
  tracing: true,
};

const DATABASE: Record<keyof typeof HANDLER_AWS_ACTIONS, FunctionPolicyValues['database']> = {
  payments: {
    kind: 'iam-user',
    dbUserArn: 'arn:aws:rds-db:us-east-1:123456789012:dbuser:cluster-ABC/payments_app',
  },
  relay: {
    kind: 'iam-user',
    dbUserArn: 'arn:aws:rds-db:us-east-1:123456789012:dbuser:cluster-ABC/payments_app',
  },
  migrations: {
    kind: 'master-secret',
    secretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-1',
    kmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/database',
  },
};

function applicationActions(kind: keyof typeof HANDLER_AWS_ACTIONS): string[] {
  const audit =
    kind !== 'migrations'
      ? {
          bucketArn: 'arn:aws:s3:::payments-dev-audit',
          kmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/storage',
        }
      : undefined;
  const policy = functionPolicy({ ...base, database: DATABASE[kind], ...(audit ? { audit } : {}) });
  return policy.Statement.flatMap((s) => s.Action)
    .filter((a) => !RUNTIME_ACTIONS.has(a))
    .sort();
}

describe('the function roles grant exactly the AWS calls the handler code makes', () => {
  it.each(['payments', 'migrations', 'relay'] as const)('%s', (kind) => {
    expect(applicationActions(kind)).toEqual([...HANDLER_AWS_ACTIONS[kind]].sort());
  });
});
