// IAM documents of the API stack, as plain data: components serialize them over resolved outputs, and
// tests compare them whole.

export type ConditionBlock = Record<string, Record<string, string | string[]>>;

export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: string | string[];
  Condition?: ConditionBlock;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

export interface TrustPolicyDocument {
  Version: '2012-10-17';
  Statement: {
    Effect: 'Allow';
    Principal: { Service: string };
    Action: 'sts:AssumeRole';
  }[];
}

/** A role only `service` (e.g. `lambda.amazonaws.com`) may assume. */
export function serviceTrustPolicy(service: string): TrustPolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
  };
}

/** The arguments of a role named `roleName` that only `service` may assume. */
export function serviceRoleArgs(
  roleName: string,
  service: string,
): { name: string; assumeRolePolicy: string } {
  return { name: roleName, assumeRolePolicy: JSON.stringify(serviceTrustPolicy(service)) };
}

/**
 * How a function reaches the database: with the RDS-managed master secret, decrypted by the key that encrypts it
 * (migrations only), or with IAM authentication as one database user (payments: `rds-db:connect` on that user and
 * nothing of the secret).
 */
export type DatabaseAccess<T = string> =
  | { kind: 'master-secret'; secretArn: T; kmsKeyArn: T }
  | {
      kind: 'iam-user';
      dbUserArn: T;
      /** The same user through the RDS Proxy (`dbuser:prx-.../<user>`); '' or absent where there is none. */
      proxyDbUserArn?: T;
    };

/**
 * The resource of `rds-db:connect` for one database user of an Aurora cluster:
 * `arn:<partition>:rds-db:<region>:<account>:dbuser:<cluster resource ID>/<user>` ("Creating and using an IAM
 * policy for IAM database access",
 * https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/UsingWithRDS.IAMDBAuth.IAMPolicy.html).
 */
export function rdsDbUserArn(v: {
  partition: string;
  region: string;
  accountId: string;
  clusterResourceId: string;
  user: string;
}): string {
  return `arn:${v.partition}:rds-db:${v.region}:${v.accountId}:dbuser:${v.clusterResourceId}/${v.user}`;
}

/** The access a function's role grants; resolved ARNs, no wildcards except where AWS requires them. */
export interface FunctionPolicyValues {
  partition: string;
  /** DNS suffix of the partition's service endpoints: `amazonaws.com`, `amazonaws.com.cn`, ... */
  dnsSuffix: string;
  region: string;
  /** The function's own log group (ARN without the trailing `:*`). */
  logGroupArn: string;
  database: DatabaseAccess;
  /** Whether the function sends X-Ray traces (tracing mode Active). */
  tracing: boolean;
  /** Audit records: only the payments handler writes them. */
  audit?: { bucketArn: string; kmsKeyArn: string };
}

/** Prefix of the audit bucket the payments handler writes under; nothing else in the bucket is reachable. */
export const AUDIT_PREFIX = 'audit/';

const viaService = (service: string, v: FunctionPolicyValues): ConditionBlock => ({
  StringEquals: { 'kms:ViaService': `${service}.${v.region}.${v.dnsSuffix}` },
});

/** The inline policy of a function's execution role. */
export function functionPolicy(v: FunctionPolicyValues): PolicyDocument {
  const statements: PolicyStatement[] =
    v.database.kind === 'master-secret'
      ? [
          {
            Sid: 'ReadDatabaseSecret',
            Effect: 'Allow',
            Action: ['secretsmanager:GetSecretValue'],
            Resource: v.database.secretArn,
          },
          {
            // Only through Secrets Manager: the role cannot use the database key directly.
            Sid: 'DecryptDatabaseSecret',
            Effect: 'Allow',
            Action: ['kms:Decrypt'],
            Resource: v.database.kmsKeyArn,
            Condition: viaService('secretsmanager', v),
          },
        ]
      : [
          {
            // One database user of one cluster: a token for any other user (the master's included) is refused.
            Sid: 'ConnectAsDatabaseUser',
            Effect: 'Allow',
            Action: ['rds-db:connect'],
            // With a proxy, the same user through it as well (the reader endpoint is still reached directly).
            Resource: v.database.proxyDbUserArn
              ? [v.database.dbUserArn, v.database.proxyDbUserArn]
              : v.database.dbUserArn,
          },
        ];
  if (v.audit) {
    statements.push(
      {
        Sid: 'WriteAuditRecords',
        Effect: 'Allow',
        Action: ['s3:PutObject'],
        Resource: `${v.audit.bucketArn}/${AUDIT_PREFIX}*`,
      },
      {
        // SSE-KMS uploads: S3 asks KMS for a data key on the caller's behalf.
        Sid: 'EncryptAuditRecords',
        Effect: 'Allow',
        Action: ['kms:GenerateDataKey'],
        Resource: v.audit.kmsKeyArn,
        Condition: viaService('s3', v),
      },
    );
  }
  statements.push(
    {
      // The log group exists (storage stack), so no logs:CreateLogGroup.
      Sid: 'WriteOwnLogs',
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: `${v.logGroupArn}:*`,
    },
    {
      // Describe actions support no resource-level permissions: AWS requires "*". DescribeSubnets is in
      // AWS's current list for VPC functions (AWSLambdaVPCAccessExecutionRole v3).
      Sid: 'DescribeNetworkInterfaces',
      Effect: 'Allow',
      Action: ['ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets'],
      Resource: '*',
    },
    {
      // Lambda creates and deletes the functions' network interfaces with the execution role, and checks these
      // when it creates or updates a VPC function. AWS documents them on Resource "*" without conditions
      // (https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html, "Execution role permissions"; the
      // managed policy AWSLambdaVPCAccessExecutionRole v3); AWS documents no condition, such as ec2:Vpc, that
      // Lambda's check passes with, so none is added.
      Sid: 'ManageVpcNetworkInterfaces',
      Effect: 'Allow',
      Action: [
        'ec2:CreateNetworkInterface',
        'ec2:DeleteNetworkInterface',
        'ec2:AssignPrivateIpAddresses',
        'ec2:UnassignPrivateIpAddresses',
      ],
      Resource: '*',
    },
  );
  if (v.tracing) {
    statements.push({
      // X-Ray has no resource-level permissions for these: AWS requires "*".
      Sid: 'WriteTraces',
      Effect: 'Allow',
      Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
      Resource: '*',
    });
  }
  return { Version: '2012-10-17', Statement: statements };
}
