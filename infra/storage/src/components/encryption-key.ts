import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { AwsAccount } from '@payments/stack';

export interface EncryptionKeyArgs {
  /** `Name` tag of the key (KMS keys have no name of their own): `namer.physical('kmsKey', ...)`. */
  keyName: string;
  /** `namer.physical('kmsAlias', ...)`, e.g. `alias/payments-dev-storage`. */
  aliasName: string;
  description: string;
  /** The account the key lives in (it administers the key) and its region and partition. */
  account: AwsAccount;
  /** Days a scheduled deletion waits, during which it can be cancelled (7 to 30). */
  deletionWindowInDays: number;
  /** The log groups CloudWatch Logs may encrypt with this key. */
  logGroupNames: readonly string[];
  /**
   * Log groups CloudWatch Logs may encrypt with this key, by name pattern (`*` any characters): for the ones whose
   * names are only known after this key exists (API Gateway's execution log groups carry the REST API's ID).
   */
  logGroupNamePatterns: readonly string[];
  /** The bucket S3 may encrypt with this key on behalf of the account's principals. */
  bucketName: pulumi.Input<string>;
  /** Pulumi `protect` on the key: `pulumi destroy` refuses until it is lifted. */
  protect: boolean;
}

/**
 * A customer-managed KMS key with yearly rotation, and its alias. The key policy keeps IAM in charge for the
 * account, and lets two services use the key only for this stack's own data: CloudWatch Logs for the named
 * log groups, S3 for the audit bucket.
 */
export class EncryptionKey extends pulumi.ComponentResource {
  readonly keyArn: pulumi.Output<string>;
  readonly keyId: pulumi.Output<string>;
  readonly aliasName: pulumi.Output<string>;

  constructor(name: string, args: EncryptionKeyArgs, opts?: pulumi.ComponentResourceOptions) {
    super('payments:storage:EncryptionKey', name, {}, opts);

    const { account } = args;
    const policy = pulumi
      .all([account.accountId, account.partition, args.bucketName])
      .apply(([accountId, partition, bucketName]) =>
        JSON.stringify(keyPolicy({ ...args, region: account.region, bucketName, accountId, partition })),
      );

    const key = new aws.kms.Key(
      `${name}-key`,
      {
        description: args.description,
        enableKeyRotation: true,
        deletionWindowInDays: args.deletionWindowInDays,
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

    this.keyArn = key.arn;
    this.keyId = key.keyId;
    this.aliasName = alias.name;
    this.registerOutputs({ keyArn: this.keyArn, keyId: this.keyId, aliasName: this.aliasName });
  }
}

interface KeyPolicyInputs {
  accountId: string;
  partition: string;
  region: string;
  logGroupNames: readonly string[];
  logGroupNamePatterns: readonly string[];
  bucketName: string;
}

/** CloudWatch Logs' documented actions for a log group encrypted with a customer managed key. */
const LOGS_ACTIONS = [
  'kms:Encrypt',
  'kms:Decrypt',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:DescribeKey',
];

/** The key policy document, built from plain values once the account, partition and bucket are known. */
function keyPolicy(inputs: KeyPolicyInputs) {
  const { accountId, partition, region, logGroupNames, logGroupNamePatterns, bucketName } = inputs;
  const bucketArn = `arn:${partition}:s3:::${bucketName}`;
  const logGroupArn = (name: string) => `arn:${partition}:logs:${region}:${accountId}:log-group:${name}`;
  return {
    Version: '2012-10-17',
    Statement: [
      {
        // Without it nobody could ever administer (or delete) the key again; IAM policies decide who may.
        Sid: 'AccountAdministersKeyThroughIam',
        Effect: 'Allow',
        Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
        Action: 'kms:*',
        Resource: '*',
      },
      {
        // https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
        Sid: 'CloudWatchLogsEncryptsThisEnvironmentsLogGroups',
        Effect: 'Allow',
        Principal: { Service: `logs.${region}.amazonaws.com` },
        Action: LOGS_ACTIONS,
        Resource: '*',
        Condition: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': logGroupNames.map(logGroupArn) } },
      },
      // A separate statement: operators in one Condition block must all match, and these names differ in kind.
      ...(logGroupNamePatterns.length === 0
        ? []
        : [
            {
              // The API's execution log groups are named after a REST API ID that does not exist when this stack
              // deploys (it deploys first), so they are matched by the prefix API Gateway dictates. Only
              // CloudWatch Logs, only this account and region: in an account per environment, this environment's.
              Sid: 'CloudWatchLogsEncryptsApiExecutionLogGroups',
              Effect: 'Allow',
              Principal: { Service: `logs.${region}.amazonaws.com` },
              Action: LOGS_ACTIONS,
              Resource: '*',
              Condition: {
                ArnLike: { 'kms:EncryptionContext:aws:logs:arn': logGroupNamePatterns.map(logGroupArn) },
              },
            },
          ]),
      {
        // Whoever S3 lets read or write the audit bucket may use the key for it, and only through S3 for that
        // bucket (the encryption context is the bucket ARN with an S3 Bucket Key, the object ARN without).
        Sid: 'S3EncryptsTheAuditBucketForTheAccount',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
        Resource: '*',
        Condition: {
          StringEquals: {
            'kms:CallerAccount': accountId,
            'kms:ViaService': `s3.${region}.amazonaws.com`,
          },
          ArnLike: { 'kms:EncryptionContext:aws:s3:arn': [bucketArn, `${bucketArn}/*`] },
        },
      },
    ],
  };
}
