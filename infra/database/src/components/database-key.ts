import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { AwsAccount } from '@payments/stack';

export interface DatabaseKeyArgs {
  /** The key's `Name` tag and its alias. */
  keyName: string;
  aliasName: string;
  /** The key's account, region and partition: service principals and `kms:ViaService` values are regional. */
  account: AwsAccount;
  /**
   * Log groups CloudWatch Logs may encrypt with the key. Known by name before they exist, since the
   * log groups need the key first.
   */
  logGroupNames: string[];
  /** Pulumi `protect`: the key encrypts every byte of the database and its backups. */
  protect: boolean;
}

/** Key administration for the account, without any cryptographic use (that only goes through a service). */
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
];

/** What RDS (storage, Performance Insights) and Secrets Manager (the master secret) do with the key. */
export const SERVICE_USE_ACTIONS = [
  'kms:Decrypt',
  'kms:DescribeKey',
  'kms:Encrypt',
  'kms:GenerateDataKey*',
  'kms:ReEncrypt*',
];

/** CloudWatch Logs' documented set for encrypting a log group with a customer managed key. */
export const LOGS_ACTIONS = [
  'kms:Decrypt*',
  'kms:Describe*',
  'kms:Encrypt*',
  'kms:GenerateDataKey*',
  'kms:ReEncrypt*',
];

export interface DatabaseKeyPolicyArgs {
  partition: string;
  dnsSuffix: string;
  accountId: string;
  region: string;
  logGroupNames: string[];
}

/**
 * The key policy. The account administers the key; its IAM principals use it only through RDS or
 * Secrets Manager (`kms:ViaService`), so no one can decrypt the database's data keys or its master
 * secret by calling KMS directly. CloudWatch Logs may use it only for the database's own log groups.
 */
export function databaseKeyPolicy(args: DatabaseKeyPolicyArgs): Record<string, unknown> {
  const root = `arn:${args.partition}:iam::${args.accountId}:root`;
  const via = (service: string) => `${service}.${args.region}.${args.dnsSuffix}`;
  const logGroupArn = (name: string) =>
    `arn:${args.partition}:logs:${args.region}:${args.accountId}:log-group:${name}`;
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AccountAdministersKey',
        Effect: 'Allow',
        Principal: { AWS: root },
        Action: KEY_ADMIN_ACTIONS,
        Resource: '*',
      },
      {
        Sid: 'RdsUsesKey',
        Effect: 'Allow',
        Principal: { AWS: root },
        Action: SERVICE_USE_ACTIONS,
        Resource: '*',
        Condition: { StringEquals: { 'kms:ViaService': via('rds') } },
      },
      {
        Sid: 'SecretsManagerUsesKey',
        Effect: 'Allow',
        Principal: { AWS: root },
        Action: SERVICE_USE_ACTIONS,
        Resource: '*',
        Condition: { StringEquals: { 'kms:ViaService': via('secretsmanager') } },
      },
      {
        // RDS keeps grants for the cluster's storage; only for AWS resources, only through the services.
        Sid: 'ServicesCreateGrantsForTheirResources',
        Effect: 'Allow',
        Principal: { AWS: root },
        Action: ['kms:CreateGrant'],
        Resource: '*',
        Condition: {
          StringEquals: { 'kms:ViaService': [via('rds'), via('secretsmanager')] },
          Bool: { 'kms:GrantIsForAWSResource': 'true' },
        },
      },
      {
        Sid: 'CloudWatchLogsEncryptsDatabaseLogGroups',
        Effect: 'Allow',
        Principal: { Service: via('logs') },
        Action: LOGS_ACTIONS,
        Resource: '*',
        Condition: {
          ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': args.logGroupNames.map(logGroupArn) },
        },
      },
    ],
  };
}

/** The customer managed key of the database: cluster storage, master secret, Performance Insights, logs. */
export class DatabaseKey extends pulumi.ComponentResource {
  readonly arn: pulumi.Output<string>;
  readonly keyId: pulumi.Output<string>;
  readonly aliasName: pulumi.Output<string>;

  constructor(name: string, args: DatabaseKeyArgs, opts?: pulumi.ComponentResourceOptions) {
    super('payments:database:DatabaseKey', name, {}, opts);

    const { account } = args;
    const policy = pulumi
      .all([account.partition, account.dnsSuffix, account.accountId])
      .apply(([partitionName, dnsSuffix, accountId]) =>
        JSON.stringify(
          databaseKeyPolicy({
            partition: partitionName,
            dnsSuffix,
            accountId,
            region: account.region,
            logGroupNames: args.logGroupNames,
          }),
        ),
      );

    const key = new aws.kms.Key(
      `${name}-key`,
      {
        description: 'Encrypts the Aurora cluster storage, its RDS-managed master secret and its logs.',
        enableKeyRotation: true,
        rotationPeriodInDays: 365,
        // A protected (prod) key gets the longest window to notice a scheduled deletion.
        deletionWindowInDays: args.protect ? 30 : 7,
        policy,
        tags: { Name: args.keyName },
      },
      { parent: this, protect: args.protect },
    );
    const alias = new aws.kms.Alias(
      `${name}-alias`,
      { name: args.aliasName, targetKeyId: key.keyId },
      { parent: this },
    );

    this.arn = key.arn;
    this.keyId = key.keyId;
    this.aliasName = alias.name;
    this.registerOutputs({ arn: this.arn, keyId: this.keyId, aliasName: this.aliasName });
  }
}
