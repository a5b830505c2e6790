import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

export interface EncryptionKeyArgs {
  /** `Name` tag of the key (KMS keys have no name of their own): `namer.physical('kmsKey', ...)`. */
  keyName: string;
  /** `namer.physical('kmsAlias', ...)`, e.g. `alias/payments-dev-storage`. */
  aliasName: string;
  description: string;
  /** The stack's region: CloudWatch Logs uses the key through its regional service principal. */
  region: string;
  /** Days a scheduled deletion waits, during which it can be cancelled (7 to 30). */
  deletionWindowInDays: number;
  /** The log groups CloudWatch Logs may encrypt with this key; no other log group can use it. */
  logGroupNames: readonly string[];
  /** The bucket S3 may encrypt with this key on behalf of the account's principals. */
  bucketName: string;
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

    const account = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
    const partition = aws.getPartitionOutput({}, { parent: this }).partition;

    const policy = pulumi
      .all([account, partition])
      .apply(([accountId, part]) => JSON.stringify(keyPolicy({ ...args, accountId, partition: part })));

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
  bucketName: string;
}

/** The key policy document, built from plain values once the account and partition are known. */
function keyPolicy({ accountId, partition, region, logGroupNames, bucketName }: KeyPolicyInputs) {
  const bucketArn = `arn:${partition}:s3:::${bucketName}`;
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
        Action: [
          'kms:Encrypt',
          'kms:Decrypt',
          'kms:ReEncryptFrom',
          'kms:ReEncryptTo',
          'kms:GenerateDataKey',
          'kms:GenerateDataKeyWithoutPlaintext',
          'kms:DescribeKey',
        ],
        Resource: '*',
        Condition: {
          ArnEquals: {
            'kms:EncryptionContext:aws:logs:arn': logGroupNames.map(
              (logGroup) => `arn:${partition}:logs:${region}:${accountId}:log-group:${logGroup}`,
            ),
          },
        },
      },
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
