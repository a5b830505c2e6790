import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { AwsAccount } from '@payments/stack';

export interface FlowLogsArgs {
  account: AwsAccount;
  vpcId: pulumi.Input<string>;
  /** The log group's name; the key policy allows CloudWatch Logs to use the key for this group only. */
  logGroupName: string;
  kmsKeyArn: pulumi.Input<string>;
  retentionDays: number;
  /** Pulumi `protect` on the log group: it holds the environment's network audit trail. */
  protect: boolean;
  /** Physical names of the delivery role and its inline policy, and the flow log's `Name` tag. */
  roleName: string;
  policyName: string;
  flowLogName: string;
}

/** VPC flow logs of all traffic (EC2.6) into a KMS-encrypted log group with the environment's retention. */
export class FlowLogs extends pulumi.ComponentResource {
  readonly logGroupName: pulumi.Output<string>;
  readonly logGroupArn: pulumi.Output<string>;
  readonly roleArn: pulumi.Output<string>;
  readonly flowLogId: pulumi.Output<string>;

  constructor(name: string, args: FlowLogsArgs, opts?: pulumi.ComponentResourceOptions) {
    super('payments:network:FlowLogs', name, {}, opts);

    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-log-group`,
      { name: args.logGroupName, retentionInDays: args.retentionDays, kmsKeyId: args.kmsKeyArn },
      { parent: this, protect: args.protect },
    );

    const role = new aws.iam.Role(
      `${name}-role`,
      {
        name: args.roleName,
        description: 'Delivers the VPC flow logs to their log group',
        assumeRolePolicy: pulumi
          .all([args.account.accountId, args.account.partition])
          .apply(([account, part]) =>
            JSON.stringify({
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
                  Action: 'sts:AssumeRole',
                  // Only flow logs of this account may assume the role (confused deputy).
                  Condition: {
                    StringEquals: { 'aws:SourceAccount': account },
                    ArnLike: {
                      'aws:SourceArn': `arn:${part}:ec2:${args.account.region}:${account}:vpc-flow-log/*`,
                    },
                  },
                },
              ],
            }),
          ),
      },
      { parent: this },
    );

    // Exactly what delivery needs, on this log group and its streams only.
    const delivery = new aws.iam.RolePolicy(
      `${name}-delivery`,
      {
        name: args.policyName,
        role: role.name,
        policy: pulumi.jsonStringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
              Resource: [logGroup.arn, pulumi.interpolate`${logGroup.arn}:*`],
            },
          ],
        }),
      },
      { parent: this },
    );

    const flowLog = new aws.ec2.FlowLog(
      `${name}-vpc`,
      {
        vpcId: args.vpcId,
        trafficType: 'ALL',
        logDestinationType: 'cloud-watch-logs',
        logDestination: logGroup.arn,
        iamRoleArn: role.arn,
        // One-minute aggregation: incidents are investigated in minutes, not ten-minute windows.
        maxAggregationInterval: 60,
        tags: { Name: args.flowLogName },
      },
      // The first delivery must find the role's permissions in place.
      { parent: this, dependsOn: [delivery] },
    );

    this.logGroupName = logGroup.name;
    this.logGroupArn = logGroup.arn;
    this.roleArn = role.arn;
    this.flowLogId = flowLog.id;
    this.registerOutputs({
      logGroupName: this.logGroupName,
      logGroupArn: this.logGroupArn,
      roleArn: this.roleArn,
      flowLogId: this.flowLogId,
    });
  }
}
