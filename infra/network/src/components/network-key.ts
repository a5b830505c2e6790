import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { AwsAccount } from '@payments/stack';

export interface NetworkKeyArgs {
  /** The key's `Name` tag and its alias. */
  keyName: string;
  aliasName: string;
  account: AwsAccount;
  /** The flow-log group the CloudWatch Logs service may use the key for, and nothing else. */
  flowLogGroupName: string;
  /** Pulumi `protect`: destroying the key would make the retained flow logs unreadable. */
  protect: boolean;
}

/**
 * The network stack's own KMS key: it encrypts the VPC flow-log group and the alarm topic
 * (docs/design.md "Architecture": each stateful stack owns the key of its own data).
 */
export class NetworkKey extends pulumi.ComponentResource {
  readonly keyArn: pulumi.Output<string>;
  readonly aliasName: pulumi.Output<string>;

  constructor(name: string, args: NetworkKeyArgs, opts?: pulumi.ComponentResourceOptions) {
    super('payments:network:NetworkKey', name, {}, opts);
    const { account } = args;
    const policy = pulumi
      .all([account.accountId, account.partition, account.dnsSuffix])
      .apply(([accountId, part, dnsSuffix]) =>
        JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              // Without it IAM policies could not grant use of the key, and nobody could administer it.
              Sid: 'AccountAdministers',
              Effect: 'Allow',
              Principal: { AWS: `arn:${part}:iam::${accountId}:root` },
              Action: 'kms:*',
              Resource: '*',
            },
            {
              Sid: 'CloudWatchLogsFlowLogGroup',
              Effect: 'Allow',
              Principal: { Service: `logs.${account.region}.${dnsSuffix}` },
              Action: [
                'kms:Encrypt*',
                'kms:Decrypt*',
                'kms:ReEncrypt*',
                'kms:GenerateDataKey*',
                'kms:Describe*',
              ],
              Resource: '*',
              Condition: {
                ArnEquals: {
                  'kms:EncryptionContext:aws:logs:arn': `arn:${part}:logs:${account.region}:${accountId}:log-group:${args.flowLogGroupName}`,
                },
              },
            },
            {
              // CloudWatch alarms publish to the encrypted alarm topic; SNS uses the key on their behalf.
              Sid: 'CloudWatchAlarmsPublishToTopic',
              Effect: 'Allow',
              Principal: { Service: 'cloudwatch.amazonaws.com' },
              Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
              Resource: '*',
            },
          ],
        }),
      );

    const key = new aws.kms.Key(
      `${name}-key`,
      {
        description: 'Encrypts the VPC flow logs and the alarm topic of this environment',
        enableKeyRotation: true,
        deletionWindowInDays: 30,
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
    this.aliasName = alias.name;
    this.registerOutputs({ keyArn: this.keyArn, aliasName: this.aliasName });
  }
}
